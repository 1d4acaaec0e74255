import LiaisonStore
import Testing

@Suite("Contract: an owner that lost a partition cannot commit for it")
struct FencingContractTests {
    @Test("acquiring a partition again bumps its epoch, whoever the owner", arguments: StoreKind.allCases)
    func acquireBumpsEpoch(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            #expect(try await store.acquire(partitions: [0, 1], owner: "a").map(\.epoch) == [1, 1])
            #expect(try await store.acquire(partitions: [1, 2], owner: "b").map(\.epoch) == [2, 1])
            #expect(try await store.acquire(partitions: [1], owner: "b").map(\.epoch) == [3])
            #expect(try await store.acquire(partitions: [4, 3, 4], owner: "b").map(\.partition) == [4, 3])
        }
    }

    @Test("a batch computed under the old epoch throws fenced and changes nothing", arguments: StoreKind.allCases)
    func staleEpochIsFenced(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let old = try #require(try await store.acquire(partitions: [5], owner: "a").first)
            try await store.commit(Fixtures.fullBatch(old, tag: "first"))
            let new = try #require(try await store.acquire(partitions: [5], owner: "b").first)
            let before = try await store.contractDump()

            let error = await #expect(throws: StoreError.self) {
                try await store.commit(Fixtures.fullBatch(old, tag: "stale"))
            }
            #expect(error?.code == .fenced)
            #expect(error?.isRetriable == false)
            #expect(try await store.contractDump() == before)

            try await store.commit(Fixtures.fullBatch(new, tag: "fresh"))
            #expect(try await store.caseStates(ids: ["case-stale", "case-fresh"]).keys.sorted() == ["case-fresh"])
        }
    }

    @Test("one stale lease among several fences the whole batch", arguments: StoreKind.allCases)
    func oneStaleLeaseFencesAll(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let leases = try await store.acquire(partitions: [1, 2], owner: "a")
            _ = try await store.acquire(partitions: [2], owner: "b")
            var batch = Fixtures.fullBatch(leases[0], tag: "p1")
            batch.leases = leases
            let before = try await store.contractDump()
            await #expect(throws: StoreError.self) { try await store.commit(batch) }
            #expect(try await store.contractDump() == before)
        }
    }

    @Test("a batch of leases alone writes nothing and is refused exactly when a lease is stale", arguments: StoreKind.allCases)
    func leasesAloneAreChecked(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let leases = try await store.acquire(partitions: [1, 2], owner: "a")
            _ = try await store.acquire(partitions: [2], owner: "b")
            let before = try await store.contractDump()
            try await store.commit(StoreBatch(leases: [leases[0]]))
            let error = await #expect(throws: StoreError.self) { try await store.commit(StoreBatch(leases: [leases[1]])) }
            #expect(error?.code == .fenced)
            #expect(try await store.contractDump() == before)
        }
    }

    @Test("a partition that was never acquired cannot be committed to", arguments: StoreKind.allCases)
    func neverAcquiredIsFenced(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let error = await #expect(throws: StoreError.self) {
                try await store.commit(Fixtures.fullBatch(PartitionLease(partition: 9, epoch: 1), tag: "ghost"))
            }
            #expect(error?.code == .fenced)
            #expect(try await store.statistics().cases == 0)
        }
    }

    @Test("releasing keeps the epoch, so a later owner still fences the releaser", arguments: StoreKind.allCases)
    func releaseKeepsEpoch(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let first = try #require(try await store.acquire(partitions: [4], owner: "a").first)
            try await store.release(partitions: [4], owner: "a")
            #expect(try await store.contractDump().contains("lease|4|none|1"))
            let second = try #require(try await store.acquire(partitions: [4], owner: "b").first)
            #expect(second.epoch == first.epoch + 1)
            await #expect(throws: StoreError.self) { try await store.commit(Fixtures.fullBatch(first, tag: "late")) }
        }
    }

    @Test("releasing a partition held by someone else leaves it held", arguments: StoreKind.allCases)
    func releaseByOtherOwnerIsIgnored(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            _ = try await store.acquire(partitions: [4], owner: "b")
            try await store.release(partitions: [4], owner: "a")
            #expect(try await store.contractDump().contains("lease|4|b|1"))
        }
    }

    @Test("acquiring returns the stored next offset of each partition", arguments: StoreKind.allCases)
    func acquireReturnsOffsets(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let leases = try await store.acquire(partitions: [0, 1], owner: "a")
            try await store.commit(StoreBatch(leases: leases, offsets: [0: 17]))
            let again = try await store.acquire(partitions: [1, 0], owner: "b")
            #expect(again.map(\.partition) == [1, 0])
            #expect(again.map(\.nextOffset) == [nil, 17])
        }
    }
}
