import Testing
@testable import LiaisonStore

@Suite("Case states are stored as opaque bytes, replaced and deleted by id")
struct CaseStateTests {
    @Test("only stored ids come back, with their exact bytes")
    func lookupReturnsStoredStates() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        let big = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        try store.commit(
            StoreBatch(leases: [lease], caseStates: ["big": .init(partition: 0, state: big), "empty": .init(partition: 0, state: [])])
        )
        #expect(try store.caseStates(ids: ["big", "empty", "missing"]) == ["big": big, "empty": []])
        #expect(try store.caseStates(ids: []) == [:])
    }

    @Test("an upsert replaces the state and a deletion removes it")
    func upsertAndDelete() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        try store.commit(StoreBatch(leases: [lease], caseStates: ["c": .init(partition: 0, state: [1]), "d": .init(partition: 0, state: [2])]))
        try store.commit(StoreBatch(leases: [lease], caseStates: ["c": .init(partition: 0, state: [3])], deletedCases: ["d": 0, "never": 0]))
        #expect(try store.caseStates(ids: ["c", "d"]) == ["c": [3]])
    }

    @Test("statistics count cases, timers and outbox rows and measure the files")
    func statisticsCountRows() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let empty = try store.statistics()
        #expect(empty.cases == 0 && empty.timers == 0 && empty.outboxDepth == 0)
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        try store.commit(Fixtures.fullBatch(lease, tag: "1"))
        try store.commit(Fixtures.fullBatch(lease, tag: "2"))
        let stats = try store.statistics()
        #expect(stats.cases == 2 && stats.timers == 2 && stats.outboxDepth == 2)
        #expect(stats.bytesOnDisk > 0)
    }

    @Test("metric rows are replaced per (partition, key) and read per partition")
    func metricRowsUpsert() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let leases = try store.acquire(partitions: [0, 1], owner: "a")
        try store.commit(
            StoreBatch(
                leases: leases,
                metricContributions: [
                    MetricRow(partition: 1, key: "b", value: [1]), MetricRow(partition: 0, key: "b", value: [2]),
                    MetricRow(partition: 0, key: "a", value: [3]),
                ]
            )
        )
        try store.commit(StoreBatch(leases: leases, metricContributions: [MetricRow(partition: 0, key: "b", value: [9])]))
        #expect(
            try store.metricRows(partitions: [1, 0]) == [
                MetricRow(partition: 0, key: "a", value: [3]), MetricRow(partition: 0, key: "b", value: [9]),
                MetricRow(partition: 1, key: "b", value: [1]),
            ]
        )
        #expect(try store.metricRows(partitions: [1]).count == 1)
    }
}
