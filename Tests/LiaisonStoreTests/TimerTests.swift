import Testing
@testable import LiaisonStore

@Suite("Due timers come back earliest first, only for the partitions asked")
struct TimerTests {
    private static func timer(_ id: String, _ partition: Int32, due: Int64) -> StoredTimer {
        StoredTimer(id: id, partition: partition, caseID: "case-\(id)", due: due)
    }

    /// A store with timers in partitions 0, 1 and 2, leased by owner "a".
    private static func seeded(_ directory: borrowing TemporaryDirectory) throws -> (SQLiteStore, [PartitionLease]) {
        let store = try directory.store()
        let leases = try store.acquire(partitions: [0, 1, 2], owner: "a")
        try store.commit(
            StoreBatch(
                leases: leases,
                scheduledTimers: [
                    timer("p0-late", 0, due: 500), timer("p0-early", 0, due: 100),
                    timer("p1-mid", 1, due: 300), timer("p1-b", 1, due: 200), timer("p1-a", 1, due: 200),
                    timer("p2-first", 2, due: 50),
                ]
            )
        )
        return (store, leases)
    }

    @Test("timers of several partitions are merged by due time, ties by id")
    func mergedEarliestFirst() throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try Self.seeded(directory)
        let due = try store.dueTimers(partitions: [0, 1], dueBy: 1_000, limit: 10)
        #expect(due.map(\.id) == ["p0-early", "p1-a", "p1-b", "p1-mid", "p0-late"])
        #expect(due.first == Self.timer("p0-early", 0, due: 100))
    }

    @Test("dueBy is inclusive and excludes later timers")
    func boundedByDueBy() throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try Self.seeded(directory)
        #expect(try store.dueTimers(partitions: [0, 1, 2], dueBy: 200, limit: 10).map(\.id) == ["p2-first", "p0-early", "p1-a", "p1-b"])
        #expect(try store.dueTimers(partitions: [0, 1, 2], dueBy: 49, limit: 10).isEmpty)
    }

    @Test("limit keeps the earliest timers across partitions")
    func boundedByLimit() throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try Self.seeded(directory)
        #expect(try store.dueTimers(partitions: [1, 0, 2], dueBy: 1_000, limit: 3).map(\.id) == ["p2-first", "p0-early", "p1-a"])
        #expect(try store.dueTimers(partitions: [0], dueBy: 1_000, limit: 0).isEmpty)
    }

    @Test("partitions not asked for are never returned")
    func onlyRequestedPartitions() throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try Self.seeded(directory)
        #expect(try store.dueTimers(partitions: [2], dueBy: 1_000, limit: 10).map(\.id) == ["p2-first"])
        #expect(try store.dueTimers(partitions: [7], dueBy: 1_000, limit: 10).isEmpty)
        #expect(try store.nextTimerDue(partitions: [0, 1]) == 100)
        #expect(try store.nextTimerDue(partitions: [7]) == nil)
    }

    @Test("a cancelled timer never comes back, and cancelling an absent id is fine")
    func cancelledTimerIsGone() throws {
        let directory = try TemporaryDirectory()
        let (store, leases) = try Self.seeded(directory)
        try store.commit(StoreBatch(leases: leases, cancelledTimers: ["p2-first", "p0-early", "never-existed"]))
        #expect(try store.dueTimers(partitions: [0, 1, 2], dueBy: 1_000, limit: 10).map(\.id) == ["p1-a", "p1-b", "p1-mid", "p0-late"])
        #expect(try store.nextTimerDue(partitions: [2]) == nil)
        #expect(try store.statistics().timers == 4)
    }

    @Test("scheduling an existing id moves that timer instead of adding one")
    func reschedulingReplaces() throws {
        let directory = try TemporaryDirectory()
        let (store, leases) = try Self.seeded(directory)
        try store.commit(StoreBatch(leases: leases, scheduledTimers: [Self.timer("p0-late", 0, due: 10)]))
        #expect(try store.dueTimers(partitions: [0], dueBy: 1_000, limit: 10).map(\.id) == ["p0-late", "p0-early"])
        #expect(try store.statistics().timers == 6)
    }
}
