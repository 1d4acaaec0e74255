/// What the admin endpoints show, supplied by whoever runs the process (the daemon).
///
/// The HTTP layer knows nothing of Kafka, the store or the engine: it asks this protocol and
/// turns the answers into responses. That keeps the dependency arrow pointing down (the runtime
/// imports this module, never the reverse) and lets tests drive the endpoints with a plain value.
public protocol AdminSource: Sendable {
    /// Whether the process is alive: answered as `/healthz`. Failing reasons make it 503.
    func health() async -> ProbeResult

    /// Whether the process can do its work (Kafka reachable, store open, partitions loaded):
    /// answered as `/readyz`. Failing reasons make it 503.
    func readiness() async -> ProbeResult

    /// The JSON summary of one case, or `nil` when the case is unknown (answered as 404).
    /// Throws when the case cannot be read (answered as 500 with the error's description).
    func caseJSON(id: String) async throws -> String?

    /// The loaded workflow definitions and their versions, as a JSON document.
    func workflowsJSON() async -> String

    /// One page of the cases matching `query` (answered as `GET /v1/cases`). Throws when the
    /// store cannot be read (answered as 500).
    func caseList(_ query: CaseListQuery) async throws -> CaseListPage

    /// The dead letters this process refused lately, newest first, as a JSON document
    /// (answered as `GET /v1/deadletters`).
    func deadLettersJSON() async -> String
    /// One case's history as its audit chain, every entry recomputed, with a `verified` flag
    /// (answered as `GET /v1/cases/{id}/history`); nil for an unknown case (404).
    func caseHistoryJSON(id: String) async throws -> String?
}

extension AdminSource {
    /// A source that keeps no audit chain knows no case history: 404.
    public func caseHistoryJSON(id: String) async throws -> String? { nil }
}

/// The answer of a probe: passing when no reason speaks against it.
public struct ProbeResult: Sendable, Equatable {
    /// What is wrong, one sentence each; empty when the probe passes.
    public var failures: [String]
    /// What was checked and found fine, for the operator reading the response.
    public var checks: [String]

    /// True when nothing failed.
    public var passing: Bool { failures.isEmpty }

    /// Creates a result from the checks that passed and the reasons that failed.
    public init(checks: [String] = [], failures: [String] = []) {
        self.checks = checks
        self.failures = failures
    }
}
