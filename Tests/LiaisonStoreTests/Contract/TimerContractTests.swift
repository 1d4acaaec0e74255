import LiaisonStore
import Testing

@Suite("Contract: due timers come back earliest first, only for the partitions asked")
struct TimerContractTests {
    private static func timer(_ id: String, _ partition: Int32, due: Int64) -> StoredTimer {
        StoredTimer(id: id, partition: partition, caseID: "case-\(id)", due: due)
    }

    /// Runs `body` on a store with timers in partitions 0, 1 and 2, leased by owner "a".
    private static func seeded(_ kind: StoreKind, _ body: (any ContractStore, [PartitionLease]) async throws -> Void) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let leases = try await store.acquire(partitions: [0, 1, 2], owner: "a")
            try await store.commit(StoreBatch(leases: leases, scheduledTimers: [
                timer("p0-late", 0, due: 500), timer("p0-early", 0, due: 100),
                timer("p1-mid", 1, due: 300), timer("p1-b", 1, due: 200), timer("p1-a", 1, due: 200),
                timer("p2-first", 2, due: 50),
            ]))
            try await body(store, leases)
        }
    }

    @Test("timers of several partitions are merged by due time, ties by id", arguments: StoreKind.allCases)
    func mergedEarliestFirst(kind: StoreKind) async throws {
        try await Self.seeded(kind) { (store: any ContractStore, _: [PartitionLease]) async throws in
            let due = try await store.dueTimers(partitions: [0, 1], dueBy: 1_000, limit: 10)
            #expect(due.map(\.id) == ["p0-early", "p1-a", "p1-b", "p1-mid", "p0-late"])
            #expect(due.first == Self.timer("p0-early", 0, due: 100))
        }
    }

    @Test("dueBy is inclusive and excludes later timers", arguments: StoreKind.allCases)
    func boundedByDueBy(kind: StoreKind) async throws {
        try await Self.seeded(kind) { (store: any ContractStore, _: [PartitionLease]) async throws in
            #expect(try await store.dueTimers(partitions: [0, 1, 2], dueBy: 200, limit: 10).map(\.id) == ["p2-first", "p0-early", "p1-a", "p1-b"])
            #expect(try await store.dueTimers(partitions: [0, 1, 2], dueBy: 49, limit: 10).isEmpty)
        }
    }

    @Test("limit keeps the earliest timers across partitions", arguments: StoreKind.allCases)
    func boundedByLimit(kind: StoreKind) async throws {
        try await Self.seeded(kind) { (store: any ContractStore, _: [PartitionLease]) async throws in
            #expect(try await store.dueTimers(partitions: [1, 0, 2], dueBy: 1_000, limit: 3).map(\.id) == ["p2-first", "p0-early", "p1-a"])
            #expect(try await store.dueTimers(partitions: [0], dueBy: 1_000, limit: 0).isEmpty)
        }
    }

    @Test("partitions not asked for are never returned", arguments: StoreKind.allCases)
    func onlyRequestedPartitions(kind: StoreKind) async throws {
        try await Self.seeded(kind) { (store: any ContractStore, _: [PartitionLease]) async throws in
            #expect(try await store.dueTimers(partitions: [2], dueBy: 1_000, limit: 10).map(\.id) == ["p2-first"])
            #expect(try await store.dueTimers(partitions: [7], dueBy: 1_000, limit: 10).isEmpty)
            #expect(try await store.nextTimerDue(partitions: [0, 1]) == 100)
            #expect(try await store.nextTimerDue(partitions: [7]) == nil)
            #expect(try await store.nextTimerDue(partitions: []) == nil)
        }
    }

    @Test("a cancelled timer never comes back, and cancelling an absent id is fine", arguments: StoreKind.allCases)
    func cancelledTimerIsGone(kind: StoreKind) async throws {
        try await Self.seeded(kind) { (store: any ContractStore, leases: [PartitionLease]) async throws in
            try await store.commit(StoreBatch(leases: leases, cancelledTimers: ["p2-first", "p0-early", "never-existed"]))
            #expect(try await store.dueTimers(partitions: [0, 1, 2], dueBy: 1_000, limit: 10).map(\.id) == ["p1-a", "p1-b", "p1-mid", "p0-late"])
            #expect(try await store.nextTimerDue(partitions: [2]) == nil)
            #expect(try await store.statistics().timers == 4)
        }
    }

    @Test("scheduling an existing id moves that timer instead of adding one", arguments: StoreKind.allCases)
    func reschedulingReplaces(kind: StoreKind) async throws {
        try await Self.seeded(kind) { (store: any ContractStore, leases: [PartitionLease]) async throws in
            try await store.commit(StoreBatch(leases: leases, scheduledTimers: [Self.timer("p0-late", 0, due: 10)]))
            #expect(try await store.dueTimers(partitions: [0], dueBy: 1_000, limit: 10).map(\.id) == ["p0-late", "p0-early"])
            #expect(try await store.statistics().timers == 6)
        }
    }

    @Test("a timer fired and rescheduled under the same id in one batch stays scheduled", arguments: StoreKind.allCases)
    func cancelThenScheduleSameID(kind: StoreKind) async throws {
        try await Self.seeded(kind) { (store: any ContractStore, leases: [PartitionLease]) async throws in
            try await store.commit(StoreBatch(leases: leases, scheduledTimers: [Self.timer("p0-early", 0, due: 900)],
                                              cancelledTimers: ["p0-early"]))
            #expect(try await store.dueTimers(partitions: [0], dueBy: 1_000, limit: 10).map(\.id) == ["p0-late", "p0-early"])
        }
    }
}
