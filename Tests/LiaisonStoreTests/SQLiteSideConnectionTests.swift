import Dispatch
import Foundation
import Logging
import Synchronization
import Testing
@testable import LiaisonStore

@Suite("SQLite: reads beside a commit in progress, and the log copied back off the committing thread")
struct SQLiteSideConnectionTests {
    @Test("a case-state read answers while a commit holds the writer, with what was committed before")
    func caseStatesDoNotWaitForTheWriter() async throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store()
        try Self.commitOneCase(to: store)

        // A commit in progress: the writer has written c2 and not committed yet, and holds
        // the store's queue until the test lets it go.
        let written = DispatchSemaphore(value: 0)
        let finish = DispatchSemaphore(value: 0)
        store.queue.async {
            try? store.locked { connection throws(StoreError) in
                try connection.execute("BEGIN IMMEDIATE")
                try connection.run("INSERT INTO cases(case_id, partition, state, updated) VALUES ('c2', 0, x'00', 0)")
                written.signal()
                finish.wait()
                try connection.execute("ROLLBACK")
            }
        }
        written.wait()

        let answered = Answered()
        let read = Task {
            let states = try await store.caseStates(ids: ["c1", "c2"])
            answered.flag.withLock { $0 = true }
            return states
        }
        // Generous: the whole suite shares the machine's few cooperative threads. Waiting for
        // the commit would wait for ever, until the test lets it go.
        let deadline = ContinuousClock.now + .seconds(60)
        while !answered.flag.withLock({ $0 }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let answeredDuringTheCommit = answered.flag.withLock { $0 }
        finish.signal()
        #expect(answeredDuringTheCommit, "the read waited for the commit in progress")
        #expect(try await read.value == ["c1": Fixtures.bytes("one")])
    }

    private static func commitOneCase(to store: SQLiteStore) throws {
        let lease = try #require(try store.acquire(partitions: [0], owner: "a").first)
        try store.commit(StoreBatch(leases: [lease], caseStates: ["c1": .init(partition: 0, state: Fixtures.bytes("one"))]))
    }

    @Test("the write-ahead log is copied back in the background and stays near its threshold")
    func logStaysBounded() throws {
        let directory = try TemporaryDirectory()
        var configuration = SQLiteStore.Configuration()
        configuration.checkpointPages = 16
        let store = try SQLiteStore(path: directory.path(), configuration: configuration,
                                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let lease = try #require(try store.acquire(partitions: [0], owner: "a").first)
        // 300 commits of 12 KiB states: 3.5 MiB through the log, under SQLite's own automatic
        // checkpoint (1,000 pages), so only the background checkpoints keep it small.
        for index in 0..<300 {
            let state = [UInt8](repeating: UInt8(index % 251), count: 12 * 1024)
            try store.commit(StoreBatch(leases: [lease], caseStates: ["c\(index % 50)": .init(partition: 0, state: state)]))
        }
        let log = try FileManager.default.attributesOfItem(atPath: directory.path() + "-wal")[.size] as? Int ?? 0
        #expect(log < 1 << 20, "the log reached \(log) bytes")
        #expect(try store.caseStates(ids: ["c7"])["c7"] == [UInt8](repeating: UInt8(257 % 251), count: 12 * 1024))
    }

    @Test("acknowledged sequence numbers are deleted as runs holding only those numbers")
    func consecutiveRuns() {
        #expect(SQLiteStore.consecutiveRuns([]) == [])
        #expect(SQLiteStore.consecutiveRuns([7, 1, 2, 3, 5, 8, 8, 3]) == [1...3, 5...5, 7...8])
        #expect(SQLiteStore.consecutiveRuns([Int64.max, Int64.max - 1]) == [(Int64.max - 1)...Int64.max])
    }
}

private final class Answered: Sendable {
    let flag = Mutex(false)
}
