import Testing
@testable import LiaisonStore

@Suite("The outbox hands messages out in order until the broker acknowledged them")
struct OutboxTests {
    private static func append(_ topics: [String], to store: SQLiteStore) throws {
        try store.commit(StoreBatch(outbox: topics.map { Fixtures.message($0, "k-\($0)", value: $0) }))
    }

    @Test("messages come back in the order they were appended, across batches")
    func sequenceOrderIsPreserved() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        try Self.append(["m1", "m2", "m3"], to: store)
        try Self.append(["m4"], to: store)
        let entries = try store.pendingOutbox(limit: 10)
        #expect(entries.map(\.message.topic) == ["m1", "m2", "m3", "m4"])
        #expect(entries.map(\.sequence) == entries.map(\.sequence).sorted())
        #expect(Set(entries.map(\.sequence)).count == 4)
        #expect(try store.pendingOutbox(limit: 2).map(\.message.topic) == ["m1", "m2"])
    }

    @Test("keys, headers and values round-trip, including null and empty ones")
    func messageRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let messages = [
            OutboxMessage(
                topic: "liaison.reminders", key: Fixtures.bytes("案件-1"),
                headers: [
                    .init(name: "ce_type", value: Fixtures.bytes("liaison.task.reminder")),
                    .init(name: "empty", value: []), .init(name: "null", value: nil), .init(name: "", value: [0, 255]),
                ],
                value: Array(repeating: 7, count: 70_000)
            ),
            OutboxMessage(topic: "liaison.deadletter", key: nil, headers: [], value: nil),
            OutboxMessage(topic: "t", key: [], headers: [], value: []),
        ]
        try store.commit(StoreBatch(outbox: messages))
        #expect(try store.pendingOutbox(limit: 10).map(\.message) == messages)
    }

    @Test("deleting up to a sequence leaves the later messages")
    func deleteUpToLeavesTheRest() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        try Self.append(["m1", "m2", "m3", "m4"], to: store)
        let entries = try store.pendingOutbox(limit: 10)
        try store.deleteOutbox(upTo: entries[1].sequence)
        #expect(try store.pendingOutbox(limit: 10) == Array(entries[2...]))
    }

    @Test("deleting chosen sequences leaves the others in order")
    func deleteSequencesLeavesTheRest() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        try Self.append(["m1", "m2", "m3", "m4"], to: store)
        let entries = try store.pendingOutbox(limit: 10)
        try store.deleteOutbox(sequences: [entries[0].sequence, entries[2].sequence, 999_999])
        #expect(try store.pendingOutbox(limit: 10) == [entries[1], entries[3]])
        #expect(try store.statistics().outboxDepth == 2)
    }

    @Test("sequences are never reused, even after the outbox was emptied and reopened")
    func sequencesAreNeverReused() throws {
        let directory = try TemporaryDirectory()
        var last: Int64
        do {
            let store = try directory.store()
            try Self.append(["m1", "m2"], to: store)
            last = try #require(store.pendingOutbox(limit: 10).last?.sequence)
            try store.deleteOutbox(upTo: last)
        }
        let reopened = try directory.store()
        try Self.append(["m3"], to: reopened)
        #expect(try #require(reopened.pendingOutbox(limit: 10).first?.sequence) > last)
    }

    @Test("acknowledged rows are deleted without an fsync of their own, and commits stay fully synced")
    func deletesLeaveCommitsFullySynced() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        try Self.append(["m1", "m2", "m3"], to: store)
        let sequences = try store.pendingOutbox(limit: 10).map(\.sequence)
        try store.deleteOutbox(sequences: Array(sequences.prefix(2)))
        #expect(try store.pendingOutbox(limit: 10).map(\.message.topic) == ["m3"])
        // 2 = FULL: the next batch commit fsyncs the log, the deletes' frames with it.
        #expect(try store.locked { connection throws(StoreError) in try connection.scalar("PRAGMA synchronous") } == 2)
        // What a killed process leaves holds the deletes.
        try directory.snapshot(to: "after.sqlite")
        #expect(try directory.store("after.sqlite").statistics().outboxDepth == 1)
        withExtendedLifetime(store) {}
    }
}
