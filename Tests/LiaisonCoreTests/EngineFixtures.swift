import Foundation
import Testing
@testable import LiaisonCore

/// Small workflows on elapsed time (every hour counts) so deadlines are easy to reason about.
enum EngineFixtures {
    static let parallel = """
        id: joint
        version: 1
        title: parallel test
        start: { on: gov.case.opened, when: { matter: joint }, by: [service-window] }
        lead: lead-office
        supervisor: supervisor-office
        stages:
          - id: review
            mode: parallel
            parties: { from: data.collaborators, default: [unit-a, unit-b, unit-c] }
            accept_within: 1h
            complete_within: 10h
            remind_at: [50%, 80%]
            escalate:
              - { at: 100%, to: supervisor }
              - { at: 150%, to: mayor-office }
            complete_when: all
            next: { approved: decision, rejected: arbitration }
          - id: arbitration
            parties: lead
            complete_within: 2h
            next: { approved: decision, rejected: end }
          - id: decision
            parties: lead
            complete_within: 1h
            next: { approved: end, rejected: end }
        """

    static let sequential = """
        id: chain
        version: 1
        start: { on: gov.case.opened, when: { matter: chain }, by: [service-window] }
        lead: lead-office
        stages:
          - id: review
            mode: sequential
            parties: [unit-a, unit-b]
            complete_within: 2h
            next: { approved: end, rejected: end }
        """

    static let quorum = """
        id: vote
        version: 1
        start: { on: gov.case.opened, when: { matter: vote }, by: [service-window] }
        lead: lead-office
        stages:
          - id: review
            parties: [unit-a, unit-b, unit-c]
            complete_within: 5h
            complete_when: "2 of 3"
            next: { approved: end, rejected: end }
        """

    static let anyOf = """
        id: first
        version: 1
        start: { on: gov.case.opened, when: { matter: first }, by: [service-window] }
        lead: lead-office
        stages:
          - id: review
            parties: [unit-a, unit-b]
            complete_within: 5h
            complete_when: any
            next: { approved: end, rejected: end }
        """

    static func catalog(_ texts: [String] = [parallel, sequential, quorum, anyOf]) throws -> WorkflowCatalog {
        try WorkflowCatalog.load(workflows: texts.enumerated().map { SourceFile(path: "w\($0.offset).yaml", text: $0.element) }, calendars: [])
    }

    /// 2026-03-02T00:00:00Z, the base of `minutes(_:)`.
    static let start = Timestamp(milliseconds: 1_772_409_600_000)

    static func minutes(_ count: Int) -> Timestamp { start.adding(milliseconds: Int64(count) * 60_000) }

    /// The repository's Workflows/ folder.
    static var workflowsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Workflows")
    }

    /// The example workflows (and, when asked, the demo set) and calendar, read from Workflows/.
    static func exampleCatalog(includingDemos: Bool = false) throws -> WorkflowCatalog {
        func files(_ url: URL) throws -> [SourceFile] {
            try FileManager.default.contentsOfDirectory(atPath: url.path)
                .filter { $0.hasSuffix(".yaml") && $0 != "units.yaml" && (includingDemos || !$0.hasPrefix("demo-")) }.sorted().map {
                    SourceFile(path: $0, text: try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8))
                }
        }
        let units = workflowsDirectory.appendingPathComponent("units.yaml")
        return try WorkflowCatalog.load(workflows: try files(workflowsDirectory),
                                        calendars: try files(workflowsDirectory.appendingPathComponent("calendars")),
                                        units: SourceFile(path: "units.yaml", text: try String(contentsOf: units, encoding: .utf8)))
    }
}

/// Drives one case through a `Simulation`, building events tersely.
struct CaseDriver {
    var simulation: Simulation
    let caseID: String
    private var sequence = 0

    init(catalog: WorkflowCatalog? = nil, caseID: String = "C1") throws {
        simulation = Simulation(engine: Engine(catalog: try catalog ?? EngineFixtures.catalog()), start: EngineFixtures.start)
        self.caseID = caseID
    }

    var state: CaseState? { simulation.states[caseID] }

    /// Sends an event at `minute` minutes after the fixture start.
    @discardableResult
    mutating func send(_ type: EventType, from unit: String, at minute: Int, data: [(String, JSONValue)] = [], id: String? = nil) -> Transition {
        sequence += 1
        let event = CloudEvent(id: id ?? "\(unit)-\(sequence)", unit: unit, type: type, caseID: caseID,
                               time: EngineFixtures.minutes(minute), data: .object(data))
        return simulation.feed(event)
    }

    /// Opens the case with the given matter and optional collaborators.
    @discardableResult
    mutating func open(_ matter: String = "joint", at minute: Int = 0, collaborators: [String]? = nil) -> Transition {
        var data: [(String, JSONValue)] = [("matter", .string(matter)), ("title", "测试事项")]
        if let collaborators { data.append(("collaborators", .array(collaborators.map(JSONValue.string)))) }
        return send(.caseOpened, from: "service-window", at: minute, data: data)
    }

    mutating func complete(_ unit: String, at minute: Int, _ outcome: TaskOutcome = .approved) {
        send(.taskCompleted, from: unit, at: minute, data: [("outcome", .string(outcome.rawValue))])
    }

    /// Output messages of one type, in order.
    func outputs(_ type: String) -> [OutboundMessage] { simulation.outputs.filter { $0.type == type } }

    /// Timeline entries of one kind for one unit.
    func entries(_ kind: TimelineEntry.Kind, unit: String? = nil) -> [TimelineEntry] {
        simulation.timeline.filter { $0.kind == kind && (unit == nil || $0.unit == unit) }
    }

    /// The status of `unit`'s latest task in the current stage.
    func status(of unit: String) -> PartyTask.Status? { state?.tasks.last { $0.unit == unit }?.status }
}

/// Checks that `transition` refused with `code`, gave a reason, and sends, schedules, cancels
/// and counts nothing; its state, when there is one, only remembers the refused event.
func expectRefusal(_ transition: Transition, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(transition.refusal?.code.rawValue == code, "\(String(describing: transition.refusal))", sourceLocation: sourceLocation)
    #expect(transition.refusal?.reason.isEmpty == false, sourceLocation: sourceLocation)
    #expect(transition.outputs.isEmpty && transition.schedule.isEmpty && transition.cancel.isEmpty && transition.metrics.isEmpty,
            sourceLocation: sourceLocation)
}
