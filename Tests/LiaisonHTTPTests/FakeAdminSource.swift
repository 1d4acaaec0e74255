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
        var queries: [CaseListQuery] = []
        var deadLetters = "{\"deadLetters\":[]}"
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

    /// Every case id stored, in order, paged; the queries asked are kept for the test.
    func caseList(_ query: CaseListQuery) async throws -> CaseListPage {
        state.withLock { s in
            s.queries.append(query)
            let ids = s.cases.keys.sorted().filter { id in query.after.map { id > $0 } ?? true }
            let page = Array(ids.prefix(query.limit))
            return CaseListPage(cases: page.map { s.cases[$0]! }, after: ids.count > query.limit ? page.last : nil)
        }
    }

    var listQueries: [CaseListQuery] { state.withLock { $0.queries } }

    func setDeadLetters(_ json: String) { state.withLock { $0.deadLetters = json } }
    func deadLettersJSON() async -> String { state.withLock { $0.deadLetters } }
}
