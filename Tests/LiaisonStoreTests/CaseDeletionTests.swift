import Testing
@testable import LiaisonStore

@Suite("A case whose inbox expired unopened can be deleted, under its partition's lease")
struct CaseDeletionTests {
    @Test("deleting a case removes its row and no longer counts it, leaving timers as they are")
    func deletionRemovesRowOnly() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [2], owner: "a").first)
        try store.commit(
            StoreBatch(
                leases: [lease],
                caseStates: ["expired": .init(partition: 2, state: [1]), "open": .init(partition: 2, state: [2])],
                scheduledTimers: [
                    StoredTimer(id: "expired/inbox-ttl", partition: 2, caseID: "expired", due: 100),
                    StoredTimer(id: "open/deadline", partition: 2, caseID: "open", due: 200),
                ]
            )
        )
        // The engine cancels the expired inbox's timer when it fires, then asks for the row to go.
        try store.commit(StoreBatch(leases: [lease], cancelledTimers: ["expired/inbox-ttl"]))
        let timersBefore = try store.dump().filter { $0.hasPrefix("timer|") }

        try store.commit(StoreBatch(leases: [lease], deletedCases: ["expired": 2]))

        #expect(try store.caseStates(ids: ["expired", "open"]) == ["open": [2]])
        #expect(try store.statistics().cases == 1)
        #expect(try store.dump().filter { $0.hasPrefix("timer|") } == timersBefore)
        #expect(try store.statistics().timers == 1)
    }

    @Test("a deletion in a partition the batch holds no lease for is refused and deletes nothing")
    func unleasedDeletionIsInvalid() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let leases = try store.acquire(partitions: [0, 1], owner: "a")
        try store.commit(StoreBatch(leases: leases, caseStates: ["c0": .init(partition: 0, state: [0]), "c1": .init(partition: 1, state: [1])]))
        let before = try store.dump()

        for batch in [
            StoreBatch(deletedCases: ["c1": 1]),
            StoreBatch(leases: [leases[0]], deletedCases: ["c0": 0, "c1": 1]),
        ] {
            let error = #expect(throws: StoreError.self) { try store.commit(batch) }
            #expect(error?.code == .invalidBatch)
            #expect(error?.reason.contains("[1]") == true)
        }
        #expect(try store.dump() == before)
    }

    @Test("a deletion names the partition it deletes in: a row stored under another stays")
    func deletionIsScopedToItsPartition() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let leases = try store.acquire(partitions: [0, 1], owner: "a")
        try store.commit(StoreBatch(leases: leases, caseStates: ["c": .init(partition: 1, state: [1])]))
        try store.commit(StoreBatch(leases: [leases[0]], deletedCases: ["c": 0]))
        #expect(try store.caseStates(ids: ["c"]) == ["c": [1]])
    }

    @Test("a fenced batch deletes nothing")
    func fencedDeletionChangesNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let old = try #require(store.acquire(partitions: [3], owner: "a").first)
        try store.commit(StoreBatch(leases: [old], caseStates: ["expired": .init(partition: 3, state: [1])]))
        _ = try store.acquire(partitions: [3], owner: "b")
        let before = try store.dump()

        let error = #expect(throws: StoreError.self) { try store.commit(StoreBatch(leases: [old], deletedCases: ["expired": 3])) }
        #expect(error?.code == .fenced)
        #expect(try store.dump() == before)
        #expect(try store.statistics().cases == 1)
    }
}
