import Testing
@testable import LiaisonStore

@Suite("Text is stored with all its bytes, NUL included")
struct TextBytesTests {
    @Test("case ids that differ only after a NUL are two rows, each with its own state")
    func caseIDsWithNULStayDistinct() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        try store.commit(
            StoreBatch(
                leases: [lease],
                caseStates: ["F5-1": .init(partition: 0, state: [1]), "F5-1\u{0}x": .init(partition: 0, state: [2])]
            )
        )
        #expect(try store.caseStates(ids: ["F5-1", "F5-1\u{0}x", "F5-1\u{0}"]) == ["F5-1": [1], "F5-1\u{0}x": [2]])
        #expect(try store.statistics().cases == 2)
        // The bytes in the file, read without our own text decoding: "F5-1" and "F5-1\0x".
        let stored = try store.locked { connection throws(StoreError) in
            try connection.withStatement("SELECT hex(CAST(case_id AS BLOB)) FROM cases ORDER BY case_id") {
                statement throws(StoreError) in
                var ids: [String] = []
                while try statement.step() { ids.append(statement.text(0)) }
                return ids
            }
        }
        #expect(stored == ["46352D31", "46352D310078"])
    }

    @Test("a timer id and case id with a NUL come back whole and cancel only their own row")
    func timerIDsWithNULRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        let timers = [
            StoredTimer(id: "deadline", partition: 0, caseID: "F5-1", due: 100),
            StoredTimer(id: "deadline\u{0}step-2", partition: 0, caseID: "F5-1\u{0}x", due: 200),
        ]
        try store.commit(StoreBatch(leases: [lease], scheduledTimers: timers))
        #expect(try store.dueTimers(partitions: [0], dueBy: 1_000, limit: 10) == timers)

        try store.commit(StoreBatch(leases: [lease], cancelledTimers: ["deadline\u{0}step-2"]))
        #expect(try store.dueTimers(partitions: [0], dueBy: 1_000, limit: 10) == [timers[0]])
    }

    @Test("an empty string is stored as empty text, not NULL")
    func emptyTextIsNotNull() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        let lease = try #require(store.acquire(partitions: [0], owner: "a").first)
        try store.commit(StoreBatch(leases: [lease], caseStates: ["": .init(partition: 0, state: [7])]))
        #expect(try store.caseStates(ids: [""]) == ["": [7]])
    }
}
