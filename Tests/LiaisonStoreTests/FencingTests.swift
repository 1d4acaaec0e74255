import Testing
@testable import LiaisonStore

@Suite("An owner that lost a partition cannot commit for it")
struct FencingTests {
    @Test("acquiring a partition again bumps its epoch, whoever the owner")
    func acquireBumpsEpoch() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        #expect(try store.acquire(partitions: [0, 1], owner: "a").map(\.epoch) == [1, 1])
        #expect(try store.acquire(partitions: [1, 2], owner: "b").map(\.epoch) == [2, 1])
        #expect(try store.acquire(partitions: [1], owner: "b").map(\.epoch) == [3])
    }

    @Test("a batch computed under the old epoch throws fenced and changes nothing")
    func staleEpochIsFenced() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let old = try #require(store.acquire(partitions: [5], owner: "a").first)
        try store.commit(Fixtures.fullBatch(old, tag: "first"))
        let new = try #require(store.acquire(partitions: [5], owner: "b").first)
        let before = try store.dump()

        let error = #expect(throws: StoreError.self) {
            try store.commit(Fixtures.fullBatch(old, tag: "stale"))
        }
        #expect(error?.code == .fenced)
        #expect(error?.isRetriable == false)
        #expect(try store.dump() == before)

        try store.commit(Fixtures.fullBatch(new, tag: "fresh"))
        #expect(try store.caseStates(ids: ["case-stale", "case-fresh"]).keys.sorted() == ["case-fresh"])
    }

    @Test("one stale lease among several fences the whole batch")
    func oneStaleLeaseFencesAll() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let leases = try store.acquire(partitions: [1, 2], owner: "a")
        _ = try store.acquire(partitions: [2], owner: "b")
        var batch = Fixtures.fullBatch(leases[0], tag: "p1")
        batch.leases = leases
        let before = try store.dump()
        #expect(throws: StoreError.self) { try store.commit(batch) }
        #expect(try store.dump() == before)
    }

    @Test("a partition that was never acquired cannot be committed to")
    func neverAcquiredIsFenced() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let error = #expect(throws: StoreError.self) {
            try store.commit(Fixtures.fullBatch(PartitionLease(partition: 9, epoch: 1), tag: "ghost"))
        }
        #expect(error?.code == .fenced)
        #expect(try store.statistics().cases == 0)
    }

    @Test("releasing keeps the epoch, so a later owner still fences the releaser")
    func releaseKeepsEpoch() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let first = try #require(store.acquire(partitions: [4], owner: "a").first)
        try store.release(partitions: [4], owner: "a")
        #expect(try store.dump().contains("lease|4|none|1"))
        let second = try #require(store.acquire(partitions: [4], owner: "b").first)
        #expect(second.epoch == first.epoch + 1)
        #expect(throws: StoreError.self) { try store.commit(Fixtures.fullBatch(first, tag: "late")) }
    }

    @Test("releasing a partition held by someone else leaves it held")
    func releaseByOtherOwnerIsIgnored() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        _ = try store.acquire(partitions: [4], owner: "b")
        try store.release(partitions: [4], owner: "a")
        #expect(try store.dump().contains("lease|4|b|1"))
    }
}
