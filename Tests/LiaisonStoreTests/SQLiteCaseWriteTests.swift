import Testing
@testable import LiaisonStore

@Suite("SQLite: a running case's write leaves the indexed summary columns alone")
struct SQLiteCaseWriteTests {
    private static let open = CaseSummary(workflow: "joint", version: 1, status: .open, openUnits: ["tax", "police"],
                                          nextDeadline: 5_000, openedAt: 1_000)

    @Test("an unchanged workflow, version and status: state and the other summary columns are written")
    func unchangedIndexedSummary() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(try store.acquire(partitions: [0], owner: "a").first)
        try store.commit(StoreBatch(leases: [lease], caseStates: ["c1": .init(partition: 0, state: [1], summary: Self.open)]))
        var later = Self.open
        later.openUnits = ["police"]
        later.nextDeadline = 9_000
        try store.commit(StoreBatch(leases: [lease], caseStates: [
            "c1": .init(partition: 0, state: [2], summary: later, indexedSummaryUnchanged: true),
        ]))
        #expect(try store.caseStates(ids: ["c1"]) == ["c1": [2]])
        let listed = try store.listCases(CaseFilter(status: .open), after: nil, limit: 10).cases
        #expect(listed.map(\.id) == ["c1"])
        #expect(listed.first?.summary == later)
    }

    @Test("a case the store does not hold is inserted whole, whatever the write claims")
    func missingRowIsInserted() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(try store.acquire(partitions: [0], owner: "a").first)
        try store.commit(StoreBatch(leases: [lease], caseStates: [
            "c2": .init(partition: 0, state: [3], summary: Self.open, indexedSummaryUnchanged: true),
        ]))
        #expect(try store.listCases(CaseFilter(workflow: "joint", status: .open), after: nil, limit: 10).cases.map(\.id) == ["c2"])
        #expect(try store.caseCounts() == [CaseCount(workflow: "joint", version: 1, status: .open, count: 1)])
    }
}
