import Testing
@testable import LiaisonStore

@Suite("SQLite: the publisher's deletes cost no fsync of their own")
struct SQLiteOutboxDeleteTests {
    private static func append(_ topics: [String], to store: SQLiteStore) throws {
        let lease = try #require(try store.acquire(partitions: [0], owner: "a").first)
        try store.commit(StoreBatch(leases: [lease], outbox: topics.map { Fixtures.message($0, "k-\($0)", value: $0) }))
    }

    @Test("acknowledged rows are deleted without an fsync of their own, and commits stay fully synced")
    func deletesLeaveCommitsFullySynced() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        try Self.append(["m1", "m2", "m3"], to: store)
        let sequences = try store.pendingOutbox(partitions: [0], limit: 10).map(\.sequence)
        try store.deleteOutbox(sequences: Array(sequences.prefix(2)))
        #expect(try store.pendingOutbox(partitions: [0], limit: 10).map(\.message.topic) == ["m3"])
        // 2 = FULL: the next batch commit fsyncs the log, the deletes' frames with it.
        #expect(try store.locked { connection throws(StoreError) in try connection.scalar("PRAGMA synchronous") } == 2)
        // What a killed process leaves holds the deletes.
        try directory.snapshot(to: "after.sqlite")
        #expect(try directory.store("after.sqlite").statistics().outboxDepth == 1)
        withExtendedLifetime(store) {}
    }
}
