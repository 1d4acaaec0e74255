import Testing
@testable import LiaisonStore

@Suite("A batch commits entirely or not at all")
struct AtomicityTests {
    @Test("a batch that fails on its last write leaves every table as it was")
    func failureMidBatchRollsBackEverything() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        try store.commit(Fixtures.fullBatch(lease, tag: "kept"))
        // A trigger makes one outbox insert fail, after the case, timer and delete writes ran.
        try store.executeRaw(
            """
            CREATE TRIGGER poison BEFORE INSERT ON outbox WHEN NEW.topic = 'poison'
            BEGIN SELECT RAISE(ABORT, 'poisoned'); END
            """
        )
        let before = try store.dump()
        var batch = Fixtures.fullBatch(lease, tag: "lost")
        batch.deletedCases = ["case-kept": lease.partition]
        batch.cancelledTimers = ["timer-kept"]
        batch.outbox.append(Fixtures.message("poison", "case-lost"))
        batch.offsets = [0: 100]

        let error = #expect(throws: StoreError.self) { try store.commit(batch) }
        #expect(error?.code == .database)
        #expect(error?.sqliteCode != nil)
        #expect(try store.dump() == before)
        // The connection is usable afterwards: the transaction was rolled back, not left open.
        batch.outbox.removeLast()
        try store.commit(batch)
        #expect(try store.caseStates(ids: ["case-kept", "case-lost"]).keys.sorted() == ["case-lost"])
    }

    @Test("a batch writing a partition without a lease is refused before touching anything")
    func unleasedPartitionIsInvalid() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        var batch = Fixtures.fullBatch(lease, tag: "x")
        batch.scheduledTimers.append(StoredTimer(id: "other", partition: 7, caseID: "c", due: 1))
        let before = try store.dump()
        let error = #expect(throws: StoreError.self) { try store.commit(batch) }
        #expect(error?.code == .invalidBatch)
        #expect(try store.dump() == before)
    }

    @Test("deletions apply before upserts, so an id in both lists stays stored")
    func upsertWinsOverDeletion() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        var batch = Fixtures.fullBatch(lease, tag: "x")
        batch.deletedCases = ["case-x": lease.partition]
        batch.cancelledTimers = ["timer-x"]
        try store.commit(batch)
        #expect(try store.caseStates(ids: ["case-x"]).count == 1)
        #expect(try store.nextTimerDue(partitions: [0]) == 1_000)
    }

    @Test("an outbox-only batch needs no lease")
    func outboxOnlyBatchCommits() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        try store.commit(StoreBatch(outbox: [Fixtures.message("liaison.metrics", "unit/tax")]))
        #expect(try store.pendingOutbox(limit: 10).count == 1)
    }
}
