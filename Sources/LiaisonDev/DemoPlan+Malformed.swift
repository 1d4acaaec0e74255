import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime

extension DemoPlan {
    /// One record a careless department might send; each kind must reach the dead-letter topic.
    mutating func sendMalformed(number: Int, caseID: String, workflow: Workflow, at now: Date) {
        let kinds = 6
        let sender = units.first { $0 != "service-window" } ?? "service-window"
        let later = now + 3
        switch number % kinds {
        case 0:
            let garbage = Array("this is not JSON {".utf8)
            var record = event(type: "gov.task.accepted", unit: sender, caseID: caseID, data: .object([]), at: now)
            record.value = garbage
            scheduleRecord(record, at: later)
        case 1:
            var record = event(type: "gov.task.accepted", unit: sender, caseID: caseID, data: .object([]), at: now)
            record.headers.removeAll { $0.name == "ce_id" }
            scheduleRecord(record, at: later)
        case 2:
            scheduleRecord(event(type: "gov.task.teleported", unit: sender, caseID: caseID, data: .object([]), at: now), at: later)
        case 3:
            let data: JSONValue = .object([("matter", "moon-landing"), ("title", "no workflow for this")])
            scheduleRecord(event(type: "gov.case.opened", unit: "service-window", caseID: caseID + "-X", data: data, at: now), at: later)
        case 4:
            // A unit publishing on another unit's topic.
            var record = event(type: "gov.task.accepted", unit: sender, caseID: caseID, data: .object([]), at: now)
            record.topic = "dept.service-window"
            scheduleRecord(record, at: later)
        default:
            // A unit that is no party of the case acting on it.
            let parties = Set(DevTopology.units(of: WorkflowCatalog(workflows: [workflow])))
            guard let outsider = units.first(where: { !parties.contains($0) }) else { return }
            let done: JSONValue = .object([("outcome", "approved")])
            scheduleRecord(event(type: "gov.task.completed", unit: outsider, caseID: caseID, data: done, at: now), at: later)
        }
    }
}
