import LiaisonStore
import Testing

@Suite("Contract: a batch commits entirely or not at all")
struct AtomicityContractTests {
    @Test("a batch that fails on its last write leaves every table as it was", arguments: StoreKind.allCases)
    func failureMidBatchRollsBackEverything(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let lease = try #require(try await store.acquire(partitions: [0], owner: "a").first)
            try await store.commit(Fixtures.fullBatch(lease, tag: "kept"))
            // A trigger makes one outbox insert fail, after the case, timer and delete writes ran.
            for statement in store.poisonOutboxStatements { try await store.contractExecute(statement) }
            let before = try await store.contractDump()
            var batch = Fixtures.fullBatch(lease, tag: "lost")
            batch.deletedCases = ["case-kept": lease.partition]
            batch.cancelledTimers = ["timer-kept"]
            batch.outbox.append(Fixtures.message("poison", "case-lost"))
            batch.offsets = [0: 100]

            let error = await #expect(throws: StoreError.self) { try await store.commit(batch) }
            #expect(error?.code == .database)
            #expect(error?.reason.contains("poisoned") == true)
            #expect(try await store.contractDump() == before)
            // The store is usable afterwards: the transaction was rolled back, not left open.
            batch.outbox.removeLast()
            try await store.commit(batch)
            #expect(try await store.caseStates(ids: ["case-kept", "case-lost"]).keys.sorted() == ["case-lost"])
        }
    }

    @Test("a batch writing a partition without a lease is refused before touching anything", arguments: StoreKind.allCases)
    func unleasedPartitionIsInvalid(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let lease = try #require(try await store.acquire(partitions: [0], owner: "a").first)
            let before = try await store.contractDump()
            var timer = Fixtures.fullBatch(lease, tag: "x")
            timer.scheduledTimers.append(StoredTimer(id: "other", partition: 7, caseID: "c", due: 1))
            var message = Fixtures.fullBatch(lease, tag: "y")
            message.outbox.append(Fixtures.message("liaison.cases", "c", partition: 7))
            for batch in [timer, message, StoreBatch(outbox: [Fixtures.message("liaison.metrics", "unit/tax")])] {
                let error = await #expect(throws: StoreError.self) { try await store.commit(batch) }
                #expect(error?.code == .invalidBatch)
            }
            #expect(try await store.contractDump() == before)
        }
    }

    @Test("deletions apply before upserts, so an id in both lists stays stored", arguments: StoreKind.allCases)
    func upsertWinsOverDeletion(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let lease = try #require(try await store.acquire(partitions: [0], owner: "a").first)
            var batch = Fixtures.fullBatch(lease, tag: "x")
            batch.deletedCases = ["case-x": lease.partition]
            batch.cancelledTimers = ["timer-x"]
            try await store.commit(batch)
            #expect(try await store.caseStates(ids: ["case-x"]).count == 1)
            #expect(try await store.nextTimerDue(partitions: [0]) == 1_000)
        }
    }

    @Test("a batch of many rows of every kind commits as one", arguments: StoreKind.allCases)
    func largeBatchCommits(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let leases = try await store.acquire(partitions: [0, 1, 2], owner: "a")
            var batch = StoreBatch(leases: leases)
            for index in 0..<3_000 {
                let partition = Int32(index % 3)
                batch.caseStates["case-\(index)"] = .init(partition: partition, state: Fixtures.bytes("s\(index)"))
                batch.scheduledTimers.append(StoredTimer(id: "case-\(index)/alarm", partition: partition, caseID: "case-\(index)", due: Int64(index)))
                batch.outbox.append(Fixtures.message("liaison.cases", "case-\(index)", value: "\(index)", partition: partition))
            }
            batch.offsets = [0: 1_000, 1: 1_000, 2: 1_000]
            try await store.commit(batch)
            let statistics = try await store.statistics()
            #expect(statistics.cases == 3_000 && statistics.timers == 3_000 && statistics.outboxDepth == 3_000)
            let outbox = try await store.pendingOutbox(partitions: [0, 1, 2], limit: 5_000)
            #expect(outbox.map(\.message) == batch.outbox)
        }
    }
}
