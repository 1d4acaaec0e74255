import LiaisonStore
import Testing

@Suite("Contract: the outbox hands each partition's messages out in order until acknowledged")
struct OutboxContractTests {
    private static func append(_ topics: [String], partition: Int32 = 0, to store: any ContractStore) async throws {
        let lease = try #require(try await store.acquire(partitions: [partition], owner: "a").first)
        try await store.commit(StoreBatch(leases: [lease], outbox: topics.map {
            Fixtures.message($0, "k-\($0)", value: $0, partition: partition)
        }))
    }

    @Test("messages come back in the order they were appended, across batches", arguments: StoreKind.allCases)
    func sequenceOrderIsPreserved(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            try await Self.append(["m1", "m2", "m3"], to: store)
            try await Self.append(["m4"], to: store)
            let entries = try await store.pendingOutbox(partitions: [0], limit: 10)
            #expect(entries.map(\.message.topic) == ["m1", "m2", "m3", "m4"])
            #expect(entries.map(\.sequence) == entries.map(\.sequence).sorted())
            #expect(Set(entries.map(\.sequence)).count == 4)
            #expect(try await store.pendingOutbox(partitions: [0], limit: 2).map(\.message.topic) == ["m1", "m2"])
        }
    }

    @Test("only the partitions asked for are handed out, each message with its partition", arguments: StoreKind.allCases)
    func partitionsAreSeparate(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            try await Self.append(["a1"], partition: 0, to: store)
            try await Self.append(["b1", "b2"], partition: 1, to: store)
            try await Self.append(["a2"], partition: 0, to: store)
            try await Self.append(["c1"], partition: 2, to: store)
            #expect(try await store.pendingOutbox(partitions: [0], limit: 10).map(\.message.topic) == ["a1", "a2"])
            #expect(try await store.pendingOutbox(partitions: [2, 1], limit: 10).map(\.message.topic) == ["b1", "b2", "c1"])
            #expect(try await store.pendingOutbox(partitions: [1], limit: 10).map(\.message.partition) == [1, 1])
            #expect(try await store.pendingOutbox(partitions: [7], limit: 10).isEmpty)
            #expect(try await store.pendingOutbox(partitions: [], limit: 10).isEmpty)
            #expect(try await store.pendingOutbox(partitions: [0, 1, 2], limit: 10).map(\.message.topic) == ["a1", "b1", "b2", "a2", "c1"])
        }
    }

    @Test("reading past a sequence number hands out only the later messages, in order", arguments: StoreKind.allCases)
    func readingPastASequence(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            try await Self.append(["a1", "a2"], partition: 0, to: store)
            try await Self.append(["b1"], partition: 1, to: store)
            try await Self.append(["a3", "a4"], partition: 0, to: store)
            let all = try await store.pendingOutbox(partitions: [0, 1], after: nil, limit: 10)
            #expect(all.map(\.message.topic) == ["a1", "a2", "b1", "a3", "a4"])
            #expect(try await store.pendingOutbox(partitions: [0, 1], after: all[1].sequence, limit: 10).map(\.message.topic) == ["b1", "a3", "a4"])
            #expect(try await store.pendingOutbox(partitions: [0], after: all[1].sequence, limit: 1).map(\.message.topic) == ["a3"])
            #expect(try await store.pendingOutbox(partitions: [0, 1], after: all[4].sequence, limit: 10).isEmpty)
            // What is deleted behind the cursor does not matter to a read past it.
            try await store.deleteOutbox(sequences: [all[0].sequence, all[3].sequence])
            #expect(try await store.pendingOutbox(partitions: [0, 1], after: all[0].sequence, limit: 10).map(\.message.topic) == ["a2", "b1", "a4"])
        }
    }

    @Test("keys, headers and values round-trip, including null and empty ones", arguments: StoreKind.allCases)
    func messageRoundTrips(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let messages = [
                OutboxMessage(
                    partition: 0, topic: "liaison.reminders", key: Fixtures.bytes("案件-1"),
                    headers: [
                        .init(name: "ce_type", value: Fixtures.bytes("liaison.task.reminder")),
                        .init(name: "empty", value: []), .init(name: "null", value: nil), .init(name: "", value: [0, 255]),
                    ],
                    value: Array(repeating: 7, count: 70_000)
                ),
                OutboxMessage(partition: 0, topic: "liaison.deadletter", key: nil, headers: [], value: nil),
                OutboxMessage(partition: 0, topic: "t", key: [], headers: [], value: []),
                OutboxMessage(partition: 0, topic: "t", key: [0, 1, 0], headers: [], value: [0]),
            ]
            let lease = try #require(try await store.acquire(partitions: [0], owner: "a").first)
            try await store.commit(StoreBatch(leases: [lease], outbox: messages))
            #expect(try await store.pendingOutbox(partitions: [0], limit: 10).map(\.message) == messages)
        }
    }

    @Test("deleting chosen sequences leaves the others in order", arguments: StoreKind.allCases)
    func deleteSequencesLeavesTheRest(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            try await Self.append(["m1", "m2", "m3", "m4"], to: store)
            let entries = try await store.pendingOutbox(partitions: [0], limit: 10)
            try await store.deleteOutbox(sequences: [entries[0].sequence, entries[2].sequence, 999_999])
            #expect(try await store.pendingOutbox(partitions: [0], limit: 10) == [entries[1], entries[3]])
            #expect(try await store.statistics().outboxDepth == 2)
            try await store.deleteOutbox(sequences: [])
            #expect(try await store.statistics().outboxDepth == 2)
        }
    }

    @Test("sequences are never reused, even after the outbox was emptied and the store reopened", arguments: StoreKind.allCases)
    func sequencesAreNeverReused(kind: StoreKind) async throws {
        let database = try ContractDatabase(kind)
        let last = try await database.open { (store: any ContractStore) async throws in
            try await Self.append(["m1", "m2"], to: store)
            let entries = try await store.pendingOutbox(partitions: [0], limit: 10)
            try await store.deleteOutbox(sequences: entries.map(\.sequence))
            return try #require(entries.last?.sequence)
        }
        try await database.open { (store: any ContractStore) async throws in
            try await Self.append(["m3"], to: store)
            #expect(try #require(try await store.pendingOutbox(partitions: [0], limit: 10).first?.sequence) > last)
        }
    }
}

@Suite("Contract: a committed batch is durable")
struct DurabilityContractTests {
    @Test("cases, timers, outbox, offsets and metric rows are all there after closing and reopening", arguments: StoreKind.allCases)
    func committedBatchSurvivesReopening(kind: StoreKind) async throws {
        let database = try ContractDatabase(kind)
        try await database.open { (store: any ContractStore) async throws in
            let lease = try #require(try await store.acquire(partitions: [3], owner: "a").first)
            try await store.commit(Fixtures.fullBatch(lease, tag: "x"))
        }
        try await database.open { (reopened: any ContractStore) async throws in
            #expect(try await reopened.caseStates(ids: ["case-x"]) == ["case-x": Fixtures.bytes("state-x")])
            #expect(try await reopened.dueTimers(partitions: [3], dueBy: 1_000, limit: 10).map(\.id) == ["timer-x"])
            #expect(try await reopened.pendingOutbox(partitions: [3], limit: 10).map(\.message)
                == [Fixtures.message("liaison.cases", "case-x", value: "{}", partition: 3)])
            #expect(try await reopened.metricRows(partitions: [3]) == [MetricRow(partition: 3, key: "unit/x", value: Fixtures.bytes("1"))])
            let lease = try #require(try await reopened.acquire(partitions: [3], owner: "b").first)
            #expect(lease.nextOffset == 42)
            #expect(lease.epoch == 2)
        }
    }
}
