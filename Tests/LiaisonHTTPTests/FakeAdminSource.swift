import LiaisonHTTP
import Synchronization

/// An in-memory operator view: cases and readiness set by the test, read by the server.
final class FakeAdminSource: AdminSource {
    struct CaseReadFailure: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }

    private struct State {
        var cases: [String: String] = [:]
        var failing: Set<String> = []
        var notReady: [String] = ["partitions not loaded yet"]
        var workflows = "[]"
    }

    private let state = Mutex(State())

    func store(case id: String, json: String) { state.withLock { $0.cases[id] = json } }
    func breakReading(case id: String) { state.withLock { _ = $0.failing.insert(id) } }
    func setNotReady(_ reasons: [String]) { state.withLock { $0.notReady = reasons } }
    func setWorkflows(_ json: String) { state.withLock { $0.workflows = json } }

    func health() async -> ProbeResult { ProbeResult(checks: ["process alive"]) }

    func readiness() async -> ProbeResult {
        ProbeResult(checks: ["store open"], failures: state.withLock { $0.notReady })
    }

    func caseJSON(id: String) async throws -> String? {
        let (json, broken) = state.withLock { ($0.cases[id], $0.failing.contains(id)) }
        if broken { throw CaseReadFailure() }
        return json
    }

    func workflowsJSON() async -> String { state.withLock { $0.workflows } }
}
