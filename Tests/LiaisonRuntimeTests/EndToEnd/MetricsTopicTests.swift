import Foundation
import LiaisonCore
import LiaisonKafka
import Testing

/// The daemon as a separate process publishing `liaison.metrics` every second: the latest
/// snapshot per key must carry the numbers a scripted set of cases implies. The workflow's
/// deadlines are long, so the numbers depend on the events alone.
@Suite("The metrics topic end to end", .serialized)
struct MetricsTopicTests {
    func event(_ type: String, _ id: String, _ unit: String, _ caseID: String, _ data: [(String, JSONValue)] = []) -> KafkaRecord {
        Departments.event(type, id: id, unit: unit, caseID: caseID, time: Departments.now(), data: .object(data))
    }

    @Test func theLatestSnapshotPerKeyCarriesTheNumbersOfTheScriptedCases() async throws {
        let fixture = try await EndToEndFixture(name: "metrics", workflows: ["e2e-steady.yaml": TestWorkflows.steady],
                                                metricsInterval: "1s")
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let cases = (1...6).map { "M-\($0)" }

        try await Departments.publish(cases.map { event("gov.case.opened", "open-\($0)", "service-window", $0, [("matter", "e2e-steady")]) }, with: producer)
        try await reader.read(timeout: .seconds(60)) { outputs in cases.allSatisfy { outputs.assigned($0).count == 2 } }

        // M-1: alpha accepts first; M-4: alpha declines; M-5: the lead rates both; M-6 is withdrawn.
        try await Departments.publish([
            event("gov.task.accepted", "acc-1", "alpha", "M-1"),
            event("gov.task.declined", "dec-4", "alpha", "M-4", [("reason", "不属本部门职责")]),
            event("gov.task.rated", "rate-5a", "lead-unit", "M-5", [("unit", "alpha"), ("score", 3)]),
            event("gov.task.rated", "rate-5b", "lead-unit", "M-5", [("unit", "beta"), ("score", 5)]),
            event("gov.case.withdrawn", "wd-6", "service-window", "M-6"),
        ], with: producer)
        try await reader.read(timeout: .seconds(60)) { outputs in
            outputs.contains { $0.type == "liaison.task.declined" } && outputs.contains { $0.type == "liaison.case.closed" && $0.caseID == "M-6" }
                && outputs.contains { $0.type == "liaison.task.state_changed" && $0.caseID == "M-1" && $0.data["state"] == "accepted" }
        }

        // M-1…M-3 complete; M-4 goes to gamma.
        var acts = [event("gov.task.reassigned", "re-4", "lead-unit", "M-4", [("from", "alpha"), ("to", "gamma")])]
        for caseID in cases.prefix(3) {
            for unit in ["alpha", "beta"] {
                acts.append(event("gov.task.completed", "done-\(unit)-\(caseID)", unit, caseID, [("outcome", "approved")]))
            }
        }
        try await Departments.publish(acts, with: producer)
        try await reader.read(timeout: .seconds(60)) { outputs in
            outputs.assigned("M-4").contains { $0.data["unit"] == "gamma" }
        }
        try await Departments.publish([event("gov.task.accepted", "acc-4", "gamma", "M-4")], with: producer)

        // A snapshot at which the workflow shows every act, with the unit records of that snapshot.
        let final: ([Output]) -> [String: Output]? = { outputs in
            let snapshots = outputs.filter { $0.topic == "liaison.metrics" }
            for workflow in snapshots.reversed() where workflow.caseID == "workflow/e2e-steady" {
                guard workflow.data["tasks"]?["accepted"] == .integer(7), workflow.data["cases"]?["closed"] == .integer(4) else { continue }
                let at = workflow.data["at"]
                var byKey: [String: Output] = [:]
                for record in snapshots where record.data["at"] == at { byKey[record.caseID] = record }
                if ["unit/alpha", "unit/beta", "unit/gamma"].allSatisfy({ byKey[$0] != nil }) { return byKey }
            }
            return nil
        }
        let outputs = try await reader.read(timeout: .seconds(90)) { final($0) != nil }
        let records = try #require(final(outputs), "no snapshot showed every act")
        await reader.close()
        try await producer.close()

        func tasks(_ key: String) -> [String: JSONValue] {
            guard case .object(let fields)? = records[key]?.data["tasks"] else { return [:] }
            return Dictionary(fields, uniquingKeysWith: { $1 })
        }
        #expect(tasks("unit/alpha") == ["assigned": 6, "accepted": 3, "completed": 3, "open": 1, "overdue": 0])
        #expect(tasks("unit/beta") == ["assigned": 6, "accepted": 3, "completed": 3, "open": 2, "overdue": 0])
        #expect(tasks("unit/gamma") == ["assigned": 1, "accepted": 1, "completed": 0, "open": 1, "overdue": 0])
        #expect(tasks("workflow/e2e-steady") == ["assigned": 13, "accepted": 7, "completed": 6, "open": 4, "overdue": 0])
        let alpha = try #require(records["unit/alpha"])
        #expect(alpha.type == "liaison.metrics.unit")
        #expect(alpha.data["declines"] == 1 && alpha.data["reassignments"] == 1)
        #expect(alpha.data["onTimeRate"] == .double(1))
        #expect(alpha.data["rating"]?["mean"] == .double(3))
        #expect(alpha.data["acceptMilliseconds"]?["count"] == 3)
        #expect(records["unit/beta"]?.data["rating"]?["mean"] == .double(5))
        let workflow = try #require(records["workflow/e2e-steady"])
        #expect(workflow.type == "liaison.metrics.workflow")
        #expect(workflow.id == "workflow/e2e-steady/\(workflow.data["at"]?.stringValue ?? "")")
        #expect(workflow.data["cases"] == .object([("opened", 6), ("closed", 4), ("open", 2)]))
        #expect(workflow.data["rating"]?["mean"] == .double(4))
        #expect(outputs.filter { $0.topic == "liaison.deadletter" }.isEmpty)
    }
}
