import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime

/// What the simulated departments will publish and when; pure bookkeeping for ``DemoTraffic``.
struct DemoPlan {
    /// How a unit treats one task.
    enum Persona: CaseIterable {
        /// Accepts and completes within seconds.
        case prompt
        /// Accepts, stops the clock for the applicant's material (补正), resumes, completes.
        case pausing
        /// Accepts and completes late: reminders and escalations follow.
        case slow
        /// Never accepts; completes very late.
        case silent
        /// Declines (推诿), suggesting another unit; the lead reassigns.
        case decliner
    }

    private let workflows: [Workflow]
    let units: [String]
    private var pending: [(due: Date, record: KafkaRecord)] = []
    private var opened = 0
    private var seen: Set<String> = []
    /// Units assigned so far in each case, so that a reassignment picks someone new.
    private var assignedUnits: [String: Set<String>] = [:]
    /// The lead of each case, which rates the units that complete its tasks (跨部门互评).
    private var leads: [String: String] = [:]

    init(catalog: WorkflowCatalog, inputs: [LiaisonConfiguration.InputTopic]) {
        let demo = catalog.workflows.filter { $0.id.hasPrefix("demo-") }
        self.workflows = (demo.isEmpty ? catalog.workflows : demo).sorted { $0.id < $1.id }
        self.units = inputs.flatMap(\.units).sorted()
    }

    /// Opens the next case, and every fifth case also sends one malformed record.
    mutating func openCase(at now: Date) {
        guard !workflows.isEmpty else { return }
        opened += 1
        let workflow = workflows[opened % workflows.count]
        let caseID = String(format: "DEMO-%06d", opened)
        let data: JSONValue = .object([
            ("matter", .string(workflow.matter)),
            ("title", .string("演示案件 demo case \(opened) (\(workflow.title))")),
        ])
        schedule(event(type: "gov.case.opened", unit: "service-window", caseID: caseID, data: data,
                       structured: opened % 2 == 0, at: now), at: now)
        if opened % 5 == 0 { sendMalformed(number: opened / 5, caseID: caseID, workflow: workflow, at: now) }
        if opened % 7 == 0 {
            // Now and then the applicant withdraws while the case is still in its first stage.
            let reason: JSONValue = .object([("reason", "申请人撤回 (applicant withdrew)")])
            schedule(event(type: "gov.case.withdrawn", unit: "service-window", caseID: caseID, data: reason, at: now + 3), at: now + 3)
        }
    }

    /// Answers an assignment or a decline the daemon published.
    mutating func react(to message: KafkaMessage, at now: Date) {
        guard let type = message.header("ce_type"), let id = message.header("ce_id"),
              seen.insert(id).inserted,
              let value = message.value, let data = try? JSONValue.parse(value),
              let caseID = message.header("ce_subject") else { return }
        switch type {
        case "liaison.task.assigned":
            guard let unit = data["unit"]?.stringValue else { return }
            assignedUnits[caseID, default: []].insert(unit)
            if let lead = data["lead"]?.stringValue { leads[caseID] = lead }
            let isLead = data["role"]?.stringValue == "lead"
            answer(caseID: caseID, unit: unit, stage: data["stage"]?.stringValue, isLead: isLead, at: now)
        case "liaison.task.declined":
            guard let lead = data["lead"]?.stringValue, let from = data["unit"]?.stringValue else { return }
            let taken = assignedUnits[caseID, default: []].union([lead, "service-window"])
            let suggested = data["suggest"]?.stringValue.flatMap { taken.contains($0) ? nil : $0 }
            guard let to = suggested ?? units.first(where: { !taken.contains($0) }) else { return }
            let reassign: JSONValue = .object([("from", .string(from)), ("to", .string(to))])
            schedule(event(type: "gov.task.reassigned", unit: lead, caseID: caseID, data: reassign, at: now),
                     at: now + 2)
        case "liaison.task.state_changed" where data["state"]?.stringValue == "completed":
            guard let unit = data["unit"]?.stringValue, let lead = leads[caseID], unit != lead else { return }
            let rating: JSONValue = .object([("unit", .string(unit)), ("score", .integer(Self.score(caseID: caseID, unit: unit)))])
            schedule(event(type: "gov.task.rated", unit: lead, caseID: caseID, data: rating, at: now), at: now + 1)
        default:
            return
        }
    }

    /// The lead's score for a unit's cooperation: by persona, so that the spread means something.
    static func score(caseID: String, unit: String) -> Int64 {
        switch persona(caseID: caseID, unit: unit) {
        case .prompt: return caseID.utf8.last.map { $0 % 2 == 0 ? 5 : 4 } ?? 5
        case .pausing: return 4
        case .slow: return 3
        case .silent: return caseID.utf8.last.map { $0 % 2 == 0 ? 1 : 2 } ?? 2
        case .decliner: return 2
        }
    }

    /// Records whose time has come, in due order.
    mutating func takeDue(at now: Date) -> [KafkaRecord] {
        pending.sort { $0.due < $1.due }
        let count = pending.prefix { $0.due <= now }.count
        defer { pending.removeFirst(count) }
        return pending.prefix(count).map(\.record)
    }

    private mutating func answer(caseID: String, unit: String, stage: String?, isLead: Bool, at now: Date) {
        var persona = Self.persona(caseID: caseID, unit: unit)
        if isLead && persona == .decliner { persona = .prompt }
        var accepted: JSONValue = .object([])
        if let stage { accepted = .object([("stage", .string(stage))]) }
        let approved: JSONValue = .object([("outcome", "approved"), ("opinion", "同意 (agreed)")])
        switch persona {
        case .prompt:
            schedule(event(type: "gov.task.accepted", unit: unit, caseID: caseID, data: accepted, at: now), at: now + 1)
            schedule(event(type: "gov.task.completed", unit: unit, caseID: caseID, data: approved, at: now), at: now + 4)
        case .pausing:
            let pause: JSONValue = .object([("reason", "申请人补正材料 (applicant supplies material)")])
            let resume: JSONValue = .object([("reason", "材料已补正 (material received)")])
            schedule(event(type: "gov.task.accepted", unit: unit, caseID: caseID, data: accepted, at: now), at: now + 1)
            schedule(event(type: "gov.task.paused", unit: unit, caseID: caseID, data: pause, at: now + 2), at: now + 2)
            schedule(event(type: "gov.task.resumed", unit: unit, caseID: caseID, data: resume, at: now + 8), at: now + 8)
            schedule(event(type: "gov.task.completed", unit: unit, caseID: caseID, data: approved, at: now + 12), at: now + 12)
        case .slow:
            schedule(event(type: "gov.task.accepted", unit: unit, caseID: caseID, data: accepted, at: now), at: now + 4)
            schedule(event(type: "gov.task.completed", unit: unit, caseID: caseID, data: approved, at: now), at: now + 18)
        case .silent:
            schedule(event(type: "gov.task.completed", unit: unit, caseID: caseID, data: approved, at: now), at: now + 30)
        case .decliner:
            let taken = assignedUnits[caseID, default: []].union(["service-window"])
            let other = units.first { !taken.contains($0) } ?? unit
            let decline: JSONValue = .object([("reason", "不属于本单位职责 (not our duty)"), ("suggest", .string(other))])
            schedule(event(type: "gov.task.declined", unit: unit, caseID: caseID, data: decline, at: now), at: now + 2)
        }
    }

    /// Mostly prompt; the mix stays the same for a given case and unit.
    static func persona(caseID: String, unit: String) -> Persona {
        var hash: UInt32 = 2_166_136_261
        for byte in (caseID + "/" + unit).utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        switch hash % 10 {
        case 0...4: return .prompt
        case 5: return .pausing
        case 6, 7: return .slow
        case 8: return .silent
        default: return .decliner
        }
    }

    private mutating func schedule(_ record: KafkaRecord, at due: Date) {
        pending.append((due, record))
    }

    /// Queues a record for `due` (used by the malformed-record generator).
    mutating func scheduleRecord(_ record: KafkaRecord, at due: Date) {
        schedule(record, at: due)
    }

    private func topic(of unit: String) -> String { "dept.\(unit)" }

    /// A department event: binary mode by default, structured mode when asked.
    func event(type: String, unit: String, caseID: String, data: JSONValue, structured: Bool = false, at now: Date) -> KafkaRecord {
        let id = "\(unit)-\(caseID)-\(type.split(separator: ".").last ?? "")-\(Int(now.timeIntervalSince1970 * 1000))"
        let time = Timestamp(milliseconds: Int64(now.timeIntervalSince1970 * 1000)).rfc3339
        if structured {
            let body: JSONValue = .object([
                ("specversion", "1.0"), ("id", .string(id)), ("source", .string("/units/\(unit)")),
                ("type", .string(type)), ("subject", .string(caseID)), ("time", .string(time)), ("data", data),
            ])
            return KafkaRecord(topic: topic(of: unit), key: Array(caseID.utf8),
                               headers: [KafkaHeader(name: "content-type", value: Array("application/cloudevents+json".utf8))],
                               value: body.serialized)
        }
        let headers = [("ce_specversion", "1.0"), ("ce_id", id), ("ce_source", "/units/\(unit)"), ("ce_type", type),
                       ("ce_subject", caseID), ("ce_time", time), ("content-type", "application/json")]
        return KafkaRecord(topic: topic(of: unit), key: Array(caseID.utf8),
                           headers: headers.map { KafkaHeader(name: $0.0, value: Array($0.1.utf8)) },
                           value: data.serialized)
    }
}

extension KafkaMessage {
    /// A header's value as text.
    func header(_ name: String) -> String? {
        headers.last { $0.name == name }?.value.map { String(decoding: $0, as: UTF8.self) }
    }
}
