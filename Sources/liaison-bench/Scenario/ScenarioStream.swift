import Foundation
import LiaisonCore
import LiaisonKafka

/// The joint-task stream of the hot-path scenario: every case is opened by the service window
/// with three collaborators, each of which accepts and completes its task later, so that the
/// follow-ups of many cases interleave and a batch touches many different cases.
///
/// Records are CloudEvents in binary mode, keyed by case id, in event-time order.
struct ScenarioStream {
    static let opener = "service-window"
    static let collaborators = ["tax", "social-security", "public-security"]
    static let matter = "scenario-review"

    /// One parallel review stage, both deadlines set, closing when all three complete. The
    /// deadlines lie beyond the stream's span, so no timer fires while it runs: the outputs
    /// are the events' own.
    static let workflowYAML = """
        id: scenario-review
        version: 1
        title: 并联审查 (hot-path scenario)
        start: { on: gov.case.opened, when: { matter: scenario-review }, by: [service-window] }
        lead: service-window
        supervisor: gov-office
        stages:
          - id: review
            mode: parallel
            parties: { from: data.collaborators, default: [tax, social-security, public-security] }
            accept_within: 30d
            complete_within: 60d
            remind_at: [50%]
            escalate:
              - { at: 100%, to: supervisor }
            complete_when: all
            next: { approved: end, rejected: end }

        """

    static let unitsYAML = """
        units:
          - { id: service-window, name: 政务服务中心, topic: dept.scenario }
          - { id: tax, name: 税务局, topic: dept.scenario }
          - { id: social-security, name: 人社局, topic: dept.scenario }
          - { id: public-security, name: 公安局, topic: dept.scenario }
          - { id: gov-office, name: 督查室 }

        """

    /// One event of the stream, before it becomes a record.
    struct Event {
        var time: Timestamp
        var caseIndex: Int
        var type: EventType
        var unit: String
        var data: JSONValue
    }

    let cases: Int
    /// Every event, in event-time order (ties in generation order).
    let events: [Event]

    /// Generates `cases` cases opened 2 s apart from `start`; each unit accepts 1 min–6 h after
    /// the opening and completes 10 min–3 days after accepting (seeded, so every run is alike).
    init(cases: Int, start: Timestamp, seed: UInt64 = 20_261_130) {
        self.cases = cases
        var random = SplitMix(seed: seed)
        var events: [Event] = []
        events.reserveCapacity(cases * 7)
        let collaborators = JSONValue.array(Self.collaborators.map(JSONValue.string))
        for index in 0..<cases {
            let opened = start.adding(milliseconds: Int64(index) * 2_000)
            events.append(Event(time: opened, caseIndex: index, type: .caseOpened, unit: Self.opener,
                                data: .object([("matter", .string(Self.matter)), ("title", .string("企业开办 \(index)")),
                                               ("collaborators", collaborators)])))
            for unit in Self.collaborators {
                let accepted = opened.adding(milliseconds: random.next(in: 60_000...21_600_000))
                let completed = accepted.adding(milliseconds: random.next(in: 600_000...259_200_000))
                events.append(Event(time: accepted, caseIndex: index, type: .taskAccepted, unit: unit, data: .object([])))
                events.append(Event(time: completed, caseIndex: index, type: .taskCompleted, unit: unit,
                                    data: .object([("outcome", "approved"), ("opinion", "同意")])))
            }
        }
        self.events = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    static func caseID(_ index: Int) -> String { String(format: "QY-2026-%06d", index) }

    /// The records, keyed by case id, for `topic`.
    func records(topic: String) -> [KafkaRecord] {
        events.enumerated().map { sequence, event in
            let caseID = Self.caseID(event.caseIndex)
            let headers: [(String, String)] = [
                ("ce_specversion", "1.0"), ("ce_id", "\(event.unit)-\(sequence)"), ("ce_source", "/units/\(event.unit)"),
                ("ce_type", event.type.rawValue), ("ce_subject", caseID), ("ce_time", event.time.rfc3339),
                ("content-type", "application/json"),
            ]
            return KafkaRecord(topic: topic, key: Array(caseID.utf8),
                               headers: headers.map { KafkaHeader(name: $0.0, value: Array($0.1.utf8)) },
                               value: event.data.serialized)
        }
    }

    /// The outputs the engine gives for the whole stream, applied event by event in stream
    /// order: what a daemon must publish, and how many cases must end closed. No mark falls due
    /// within the stream's span (the first is at 50% of 30 days), so no timer is involved.
    func expected() throws -> (outputs: Int, closed: Int) {
        let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "scenario.yaml", text: Self.workflowYAML)], calendars: [],
                                               units: SourceFile(path: "units.yaml", text: Self.unitsYAML))
        let engine = Engine(catalog: catalog, settings: EngineSettings(maxPastSkew: .seconds(10 * 86_400)))
        let end = events.last?.time ?? Timestamp(milliseconds: 0)
        var states: [String: CaseState] = [:]
        var outputs = 0
        for (sequence, event) in events.enumerated() {
            let caseID = Self.caseID(event.caseIndex)
            var cloudEvent = CloudEvent(id: "\(event.unit)-\(sequence)", unit: event.unit, type: event.type,
                                        caseID: caseID, time: event.time, data: event.data)
            cloudEvent.source = "/units/\(event.unit)"
            let transition = engine.apply(.event(cloudEvent), to: states[caseID], now: end)
            guard transition.refusal == nil else { throw BenchFailure(description: "the engine refused \(caseID) \(event.type): \(transition.refusal!)") }
            if let state = transition.state { states[caseID] = state }
            outputs += transition.outputs.count
        }
        let closed = states.values.filter { $0.status == .closed(.approved) }.count
        return (outputs, closed)
    }
}

/// A small seeded generator, so that every run of the scenario sends the same stream.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(in range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}
