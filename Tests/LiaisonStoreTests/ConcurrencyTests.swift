import Dispatch
import Testing
@testable import LiaisonStore

@Suite("One store can be shared by several threads")
struct ConcurrencyTests {
    @Test("commits and reads from many threads at once all land, none interleaved")
    func concurrentCommitsAllLand() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store(synchronous: .normal)
        let threads = 8
        let batchesPerThread = 20
        let lease = try #require(try store.acquire(partitions: [0], owner: "a").first)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for batch in 0..<batchesPerThread {
                let messages = (0..<3).map { Fixtures.message("t\(thread)", "b\(batch)-m\($0)") }
                #expect(throws: Never.self) { try store.commit(StoreBatch(leases: [lease], outbox: messages)) }
                #expect(throws: Never.self) { _ = try store.pendingOutbox(partitions: [0], limit: 5) }
            }
        }
        let entries = try store.pendingOutbox(partitions: [0], limit: 10_000)
        #expect(entries.count == threads * batchesPerThread * 3)
        // Each batch's three messages are contiguous: no commit interleaved with another.
        for start in stride(from: 0, to: entries.count, by: 3) {
            let keys = entries[start..<start + 3].map { String(decoding: $0.message.key ?? [], as: UTF8.self) }
            #expect(keys.map { $0.split(separator: "-")[1] } == ["m0", "m1", "m2"])
            #expect(Set(keys.map { $0.split(separator: "-")[0] }).count == 1)
            #expect(Set(entries[start..<start + 3].map(\.message.topic)).count == 1)
        }
    }

    @Test("a writer locked out past the busy timeout gets a retriable busy error and can retry")
    func lockedOutWriterCanRetry() throws {
        let directory = try TemporaryDirectory()
        let waiter = try directory.store(busyTimeout: .milliseconds(20))
        let lease = try #require(try waiter.acquire(partitions: [0], owner: "a").first)
        // Another connection to the file (an operator's sqlite3 shell, say) holding a write lock.
        let holder = try SQLiteConnection(path: directory.path())
        try holder.execute("BEGIN IMMEDIATE")
        let error = #expect(throws: StoreError.self) { try waiter.commit(StoreBatch(leases: [lease], outbox: [Fixtures.message("t", "k")])) }
        #expect(error?.code == .busy)
        #expect(error?.isRetriable == true)
        try holder.execute("COMMIT")
        try waiter.commit(StoreBatch(leases: [lease], outbox: [Fixtures.message("t", "k")]))
        #expect(try holder.scalar("SELECT count(*) FROM outbox") == 1)
    }
}
