import Foundation
import LiaisonCore
import LiaisonKafka

/// The workload every end-to-end benchmark drives: one small workflow (one party, a lead, a
/// supervisor; deadlines in seconds so that timers can be steered) and the department events of
/// its cases, published in binary CloudEvents mode on one input topic that both units may use,
/// keyed by case id, so that the three events of a case keep their order.
enum BenchWorkload {
    static let opener = "service-window"
    static let party = "bench-unit"
    static let lead = "bench-lead"
    static let supervisor = "bench-office"

    /// Acceptance window of the single stage; the engine arms a timer for it when a case opens.
    static let acceptWithin = 600
    /// Completion window of the single stage.
    static let completeWithin = 1_200

    static let workflowYAML = """
        # Benchmark workflow: one collaborating unit, deadlines in seconds.
        id: bench
        version: 1
        title: benchmark case
        start:
          on: gov.case.opened
          when: { matter: bench }
          by: [\(opener)]
        lead: \(lead)
        supervisor: \(supervisor)
        stages:
          - id: review
            mode: parallel
            parties: { from: data.collaborators, default: [\(party)] }
            accept_within: \(acceptWithin)s
            complete_within: \(completeWithin)s
            escalate:
              - { at: 100%, to: supervisor }
            complete_when: all
            next: { approved: end, rejected: end }
        """

    /// The catalog holding the benchmark workflow only.
    static func catalog() throws -> WorkflowCatalog {
        try WorkflowCatalog.load(workflows: [SourceFile(path: "bench.yaml", text: workflowYAML)], calendars: [])
    }

    /// Writes the workflow folder a child daemon loads; returns its path.
    static func writeWorkflowFolder(in directory: String) throws -> String {
        let folder = directory + "/Workflows"
        try FileManager.default.createDirectory(atPath: folder + "/calendars", withIntermediateDirectories: true)
        try Data(workflowYAML.utf8).write(to: URL(fileURLWithPath: folder + "/bench.yaml"))
        return folder
    }

    /// The three steps of a case's life, in the order they are published.
    enum Step: Int, CaseIterable, Sendable {
        case open, accept, complete

        var type: String {
            switch self {
            case .open: "gov.case.opened"
            case .accept: "gov.task.accepted"
            case .complete: "gov.task.completed"
            }
        }

        var unit: String { self == .open ? BenchWorkload.opener : BenchWorkload.party }
    }

    /// Case id of case number `index`.
    static func caseID(_ index: Int) -> String { "BENCH-\(index)" }

    /// Case number of a case id, the inverse of ``caseID(_:)``.
    static func caseIndex(_ id: String) -> Int? { id.hasPrefix("BENCH-") ? Int(id.dropFirst(6)) : nil }

    /// Department event `step` of case `index`, at `time` (ms since the epoch), on `topic`.
    /// `sequence` is carried in the `bench-seq` header for the raw loop's latency figure.
    static func record(case index: Int, step: Step, time: Int64, topic: String, sequence: Int) -> KafkaRecord {
        let caseID = caseID(index)
        let data: JSONValue
        switch step {
        case .open: data = .object([("matter", "bench"), ("title", .string("benchmark case \(index)"))])
        case .accept: data = .object([])
        case .complete: data = .object([("outcome", "approved")])
        }
        let headers = [
            ("ce_specversion", "1.0"), ("ce_id", "\(caseID)-\(step.rawValue)"), ("ce_source", "/units/\(step.unit)"),
            ("ce_type", step.type), ("ce_subject", caseID), ("ce_time", Timestamp(milliseconds: time).rfc3339),
            ("content-type", "application/json"),
        ].map { KafkaHeader(name: $0.0, value: Array($0.1.utf8)) }
        let seq = withUnsafeBytes(of: UInt64(sequence).littleEndian) { Array($0) }
        return KafkaRecord(topic: topic, key: Array(caseID.utf8), headers: headers + [KafkaHeader(name: "bench-seq", value: seq)],
                           value: data.serialized)
    }

    /// Wall-clock milliseconds since the epoch.
    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
