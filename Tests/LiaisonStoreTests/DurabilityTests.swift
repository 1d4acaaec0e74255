import Foundation
import Testing
@testable import LiaisonStore

@Suite("A committed batch is durable; an uncommitted one leaves no trace")
struct DurabilityTests {
    @Test("cases, timers, outbox, offsets and metric rows are all there after closing and reopening")
    func committedBatchSurvivesReopening() throws {
        let directory = try TemporaryDirectory()
        var lease: PartitionLease
        do {
            let store = try directory.store()
            lease = try #require(store.acquire(partitions: [3], owner: "a").first)
            try store.commit(Fixtures.fullBatch(lease, tag: "x"))
        }
        let reopened = try directory.store()
        #expect(try reopened.caseStates(ids: ["case-x"]) == ["case-x": Fixtures.bytes("state-x")])
        #expect(try reopened.dueTimers(partitions: [3], dueBy: 1_000, limit: 10).map(\.id) == ["timer-x"])
        #expect(try reopened.pendingOutbox(partitions: [3], limit: 10).map(\.message)
            == [Fixtures.message("liaison.cases", "case-x", value: "{}", partition: 3)])
        #expect(try reopened.metricRows(partitions: [3]) == [MetricRow(partition: 3, key: "unit/x", value: Fixtures.bytes("1"))])
        lease = try #require(reopened.acquire(partitions: [3], owner: "b").first)
        #expect(lease.nextOffset == 42)
        #expect(lease.epoch == 2)
    }

    @Test("the files left by a process that died right after commit hold the batch")
    func committedBatchIsOnDiskBeforeClose() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        try store.commit(Fixtures.fullBatch(lease, tag: "y"))
        // The live store is neither closed nor checkpointed: the copy is what `kill -9` leaves.
        try directory.snapshot(to: "crashed.sqlite")
        let recovered = try directory.store("crashed.sqlite")
        #expect(try recovered.dump() == store.dump())
        #expect(try recovered.caseStates(ids: ["case-y"]).count == 1)
        withExtendedLifetime(store) {}
    }

    @Test("the files left by a process that died inside a transaction hold nothing of it")
    func uncommittedTransactionLeavesNothing() throws {
        let directory = try TemporaryDirectory()
        // SQLite's default 2 MiB page cache, so that the transaction spills into the log.
        let store = try directory.store(cacheKiB: 2_000)
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        let before = try store.dump()
        try store.executeRaw("BEGIN IMMEDIATE")
        // Enough rows to make SQLite spill uncommitted pages into the log before the "crash".
        let big = String(repeating: "x", count: 4_000)
        for index in 0..<2_000 {
            try store.executeRaw("INSERT INTO outbox(topic, headers) VALUES ('t\(index)-\(big)', x'00')")
        }
        try store.executeRaw("UPDATE offsets SET next_offset = 99")
        try directory.snapshot(to: "crashed.sqlite")
        try store.executeRaw("ROLLBACK")
        // The uncommitted pages did reach the log file, so recovery really had to ignore them.
        let log = try FileManager.default.attributesOfItem(atPath: directory.path("crashed.sqlite") + "-wal")
        #expect(try #require(log[.size] as? Int) > 1_000_000)

        let recovered = try directory.store("crashed.sqlite")
        #expect(try recovered.dump() == before)
        #expect(try recovered.statistics().outboxDepth == 0)
        #expect(lease.epoch == 1)
    }

    @Test("another connection to the file, as the sqlite3 shell opens, sees a commit at once")
    func otherConnectionSeesCommit() throws {
        let directory = try TemporaryDirectory()
        let writer = try directory.store()
        // A plain connection, not a second store: the store's lock admits one store per file.
        let reader = try SQLiteConnection(path: directory.path())
        let lease = try #require(writer.acquire(partitions: [1], owner: "a").first)
        try writer.commit(Fixtures.fullBatch(lease, tag: "z"))
        #expect(try reader.scalar("SELECT count(*) FROM cases WHERE case_id = 'case-z'") == 1)
        #expect(try reader.dump() == writer.dump())
    }
}
