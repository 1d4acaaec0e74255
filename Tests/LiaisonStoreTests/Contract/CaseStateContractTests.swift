import LiaisonStore
import Testing

@Suite("Contract: case states are opaque bytes, replaced and deleted by id")
struct CaseStateContractTests {
    @Test("only stored ids come back, with their exact bytes", arguments: StoreKind.allCases)
    func lookupReturnsStoredStates(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let lease = try #require(try await store.acquire(partitions: [0], owner: "a").first)
            let big = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
            try await store.commit(
                StoreBatch(leases: [lease], caseStates: ["big": .init(partition: 0, state: big), "empty": .init(partition: 0, state: [])])
            )
            #expect(try await store.caseStates(ids: ["big", "empty", "missing"]) == ["big": big, "empty": []])
            #expect(try await store.caseStates(ids: []) == [:])
        }
    }

    @Test("an upsert replaces the state and a deletion removes it", arguments: StoreKind.allCases)
    func upsertAndDelete(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let lease = try #require(try await store.acquire(partitions: [0], owner: "a").first)
            try await store.commit(StoreBatch(leases: [lease], caseStates: ["c": .init(partition: 0, state: [1]), "d": .init(partition: 0, state: [2])]))
            try await store.commit(StoreBatch(leases: [lease], caseStates: ["c": .init(partition: 0, state: [3])], deletedCases: ["d": 0, "never": 0]))
            #expect(try await store.caseStates(ids: ["c", "d"]) == ["c": [3]])
        }
    }

    @Test("case ids in any script round-trip", arguments: StoreKind.allCases)
    func unicodeIdsRoundTrip(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let lease = try #require(try await store.acquire(partitions: [0], owner: "a").first)
            let ids = ["浙政办-2026-001", "case with spaces", "ümlaut/ß", "'; DROP TABLE cases; --"]
            var batch = StoreBatch(leases: [lease])
            for id in ids { batch.caseStates[id] = .init(partition: 0, state: Fixtures.bytes(id)) }
            try await store.commit(batch)
            #expect(try await store.caseStates(ids: ids) == Dictionary(uniqueKeysWithValues: ids.map { ($0, Fixtures.bytes($0)) }))
        }
    }

    @Test("statistics count cases, timers and outbox rows and measure the store", arguments: StoreKind.allCases)
    func statisticsCountRows(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let empty = try await store.statistics()
            #expect(empty.cases == 0 && empty.timers == 0 && empty.outboxDepth == 0)
            let lease = try #require(try await store.acquire(partitions: [0], owner: "a").first)
            try await store.commit(Fixtures.fullBatch(lease, tag: "1"))
            try await store.commit(Fixtures.fullBatch(lease, tag: "2"))
            let stats = try await store.statistics()
            #expect(stats.cases == 2 && stats.timers == 2 && stats.outboxDepth == 2)
            #expect(stats.bytesOnDisk > 0)
        }
    }

    @Test("metric rows are replaced per (partition, key) and read per partition", arguments: StoreKind.allCases)
    func metricRowsUpsert(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let leases = try await store.acquire(partitions: [0, 1], owner: "a")
            try await store.commit(StoreBatch(leases: leases, metricContributions: [
                MetricRow(partition: 1, key: "b", value: [1]), MetricRow(partition: 0, key: "b", value: [2]),
                MetricRow(partition: 0, key: "a", value: [3]),
            ]))
            try await store.commit(StoreBatch(leases: leases, metricContributions: [MetricRow(partition: 0, key: "b", value: [9])]))
            #expect(try await store.metricRows(partitions: [1, 0]) == [
                MetricRow(partition: 0, key: "a", value: [3]), MetricRow(partition: 0, key: "b", value: [9]),
                MetricRow(partition: 1, key: "b", value: [1]),
            ])
            #expect(try await store.metricRows(partitions: [1]).count == 1)
            #expect(try await store.metricRows(partitions: [0, 1], keys: ["b", "zz"]) == [
                MetricRow(partition: 0, key: "b", value: [9]), MetricRow(partition: 1, key: "b", value: [1]),
            ])
            #expect(try await store.metricRows(partitions: [1], keys: ["a"]).isEmpty)
            #expect(try await store.metricRows(partitions: [0], keys: []).isEmpty)
        }
    }
}

@Suite("Contract: a case can be deleted, under its partition's lease")
struct CaseDeletionContractTests {
    @Test("deleting a case removes its row and no longer counts it, leaving timers as they are", arguments: StoreKind.allCases)
    func deletionRemovesRowOnly(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let lease = try #require(try await store.acquire(partitions: [2], owner: "a").first)
            try await store.commit(StoreBatch(
                leases: [lease],
                caseStates: ["expired": .init(partition: 2, state: [1]), "open": .init(partition: 2, state: [2])],
                scheduledTimers: [
                    StoredTimer(id: "expired/inbox-ttl", partition: 2, caseID: "expired", due: 100),
                    StoredTimer(id: "open/deadline", partition: 2, caseID: "open", due: 200),
                ]
            ))
            try await store.commit(StoreBatch(leases: [lease], cancelledTimers: ["expired/inbox-ttl"]))
            let timersBefore = try await store.contractDump().filter { $0.hasPrefix("timer|") }

            try await store.commit(StoreBatch(leases: [lease], deletedCases: ["expired": 2]))

            #expect(try await store.caseStates(ids: ["expired", "open"]) == ["open": [2]])
            #expect(try await store.statistics().cases == 1)
            #expect(try await store.contractDump().filter { $0.hasPrefix("timer|") } == timersBefore)
            #expect(try await store.statistics().timers == 1)
        }
    }

    @Test("a deletion in a partition the batch holds no lease for is refused and deletes nothing", arguments: StoreKind.allCases)
    func unleasedDeletionIsInvalid(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let leases = try await store.acquire(partitions: [0, 1], owner: "a")
            try await store.commit(StoreBatch(leases: leases, caseStates: ["c0": .init(partition: 0, state: [0]), "c1": .init(partition: 1, state: [1])]))
            let before = try await store.contractDump()
            for batch in [StoreBatch(deletedCases: ["c1": 1]), StoreBatch(leases: [leases[0]], deletedCases: ["c0": 0, "c1": 1])] {
                let error = await #expect(throws: StoreError.self) { try await store.commit(batch) }
                #expect(error?.code == .invalidBatch)
                #expect(error?.reason.contains("[1]") == true)
            }
            #expect(try await store.contractDump() == before)
        }
    }

    @Test("a deletion names the partition it deletes in: a row stored under another stays", arguments: StoreKind.allCases)
    func deletionIsScopedToItsPartition(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let leases = try await store.acquire(partitions: [0, 1], owner: "a")
            try await store.commit(StoreBatch(leases: leases, caseStates: ["c": .init(partition: 1, state: [1])]))
            try await store.commit(StoreBatch(leases: [leases[0]], deletedCases: ["c": 0]))
            #expect(try await store.caseStates(ids: ["c"]) == ["c": [1]])
        }
    }

    @Test("a fenced batch deletes nothing", arguments: StoreKind.allCases)
    func fencedDeletionChangesNothing(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let old = try #require(try await store.acquire(partitions: [3], owner: "a").first)
            try await store.commit(StoreBatch(leases: [old], caseStates: ["expired": .init(partition: 3, state: [1])]))
            _ = try await store.acquire(partitions: [3], owner: "b")
            let before = try await store.contractDump()
            let error = await #expect(throws: StoreError.self) { try await store.commit(StoreBatch(leases: [old], deletedCases: ["expired": 3])) }
            #expect(error?.code == .fenced)
            #expect(try await store.contractDump() == before)
        }
    }
}
