import Foundation
import LiaisonKafka
import LiaisonStore
import Logging
import Synchronization
import Testing
@testable import LiaisonRuntime

/// The publisher keeps several batches with the producer at once, reading the next rows while
/// the broker acknowledges the previous ones, and still sends every row: rows behind its
/// cursor (committed late, or of a partition acquired meanwhile) are found from the head.
@Suite("The publisher keeps several batches in flight and loses no row")
struct PublisherPipelineTests {
    /// A SQLite store seen through the publisher's narrow view, which logs each read and
    /// delete and can hide rows from reads for a while.
    final class RecordingOutbox: OutboxStore {
        enum Call: Equatable {
            case read(after: Int64?, rows: Int)
            case delete(rows: Int)
        }

        let store: SQLiteStore
        private let state = Mutex<(calls: [Call], hidden: Set<Int64>, hiddenReads: Int)>(([], [], 0))

        init(store: SQLiteStore) { self.store = store }

        var calls: [Call] { state.withLock { $0.calls } }

        /// Hides the rows `sequences` from the next `reads` reads, as if their commit had not
        /// finished yet.
        func hide(_ sequences: Set<Int64>, forReads reads: Int) {
            state.withLock { $0.hidden = sequences; $0.hiddenReads = reads }
        }

        func pendingOutbox(partitions: [Int32], after: Int64?, limit: Int) async throws(StoreError) -> [OutboxEntry] {
            let hidden = state.withLock { state -> Set<Int64> in
                defer { state.hiddenReads = max(0, state.hiddenReads - 1) }
                return state.hiddenReads > 0 ? state.hidden : []
            }
            var entries = try await store.pendingOutbox(partitions: partitions, after: after, limit: limit + hidden.count)
            entries.removeAll { hidden.contains($0.sequence) }
            entries = Array(entries.prefix(limit))
            state.withLock { [count = entries.count] in $0.calls.append(.read(after: after, rows: count)) }
            return entries
        }

        func deleteOutbox(sequences: [Int64]) async throws(StoreError) {
            try await store.deleteOutbox(sequences: sequences)
            state.withLock { $0.calls.append(.delete(rows: sequences.count)) }
        }
    }

    struct Scene {
        let mock: MockCluster
        let producer: KafkaProducer
        let folder: URL
        let store: SQLiteStore

        init() throws {
            mock = try MockCluster()
            try mock.createTopic("out", partitions: 2)
            try mock.createTopic("dl", partitions: 1)
            producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: mock.bootstrapServers))
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("publisher-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            store = try SQLiteStore(path: folder.appendingPathComponent("s.sqlite").path, logger: Logger(label: "test"))
        }

        /// Commits `count` outputs of inbound partition `partition`, values "p<partition>-<n>".
        func commit(partition: Int32, count: Int, from first: Int = 0) async throws {
            let leases = try await store.acquire(partitions: [partition], owner: "test")
            let outbox = (first..<(first + count)).map { number in
                OutboxMessage(partition: partition, topic: "out", key: Array("C\(partition)".utf8), value: Array("p\(partition)-\(number)".utf8))
            }
            try await store.commit(StoreBatch(leases: leases, outbox: outbox, offsets: [partition: Int64(first + count)]))
        }

        /// Every value on "out", read from the start until `count` arrived (or 20 s passed).
        func published(count: Int) async throws -> [String] {
            let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: mock.bootstrapServers),
                                             groupID: "read-\(UUID().uuidString)")
            try consumer.subscribe(topics: ["out"])
            var values: [String] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while values.count < count, ContinuousClock.now < deadline {
                for event in try await consumer.poll(maxMessages: 500, timeout: .milliseconds(200)) {
                    if case .message(let message) = event { values.append(String(decoding: message.value ?? [], as: UTF8.self)) }
                }
            }
            try? await consumer.close()
            return values
        }

        func cleanUp() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func theNextBatchesAreReadAndEnqueuedBeforeTheFirstIsAcknowledged() async throws {
        let scene = try Scene()
        defer { scene.cleanUp() }
        try await scene.commit(partition: 0, count: 40)
        let outbox = RecordingOutbox(store: scene.store)
        let publisher = Publisher(producer: scene.producer, store: outbox, doorbell: Doorbell(), partitions: { [0] },
                                  deadLetterTopic: "dl", metrics: RuntimeMetrics(), batchSize: 10, depth: 4, logger: Logger(label: "test"))
        try await publisher.drain()

        let calls = outbox.calls
        let firstDelete = try #require(calls.firstIndex { if case .delete = $0 { true } else { false } })
        #expect(calls.prefix(firstDelete) == [.read(after: nil, rows: 10), .read(after: 10, rows: 10), .read(after: 20, rows: 10),
                                              .read(after: 30, rows: 10)],
                "four batches are read and handed to the producer before the first one is deleted: \(calls)")
        #expect(calls.filter { $0 == .delete(rows: 10) }.count == 4)
        #expect(try await scene.store.statistics().outboxDepth == 0)
        let values = try await scene.published(count: 40)
        #expect(values == (0..<40).map { "p0-\($0)" }, "every output once, in commit order")
    }

    @Test func aRowHiddenFromTheCursorIsSentByTheSameDrain() async throws {
        let scene = try Scene()
        defer { scene.cleanUp() }
        try await scene.commit(partition: 0, count: 30)
        let outbox = RecordingOutbox(store: scene.store)
        // Row 5 is not there for the first two reads: the cursor passes it.
        outbox.hide([5], forReads: 2)
        let publisher = Publisher(producer: scene.producer, store: outbox, doorbell: Doorbell(), partitions: { [0] },
                                  deadLetterTopic: "dl", metrics: RuntimeMetrics(), batchSize: 10, depth: 4, logger: Logger(label: "test"))
        try await publisher.drain()
        #expect(try await scene.store.statistics().outboxDepth == 0, "the drain ends only once a read from the head finds nothing")
        let values = try await scene.published(count: 30)
        #expect(Set(values) == Set((0..<30).map { "p0-\($0)" }) && values.count == 30)
        #expect(outbox.calls.contains(.read(after: nil, rows: 1)), "the hidden row was found from the head: \(outbox.calls)")
    }

    @Test func rowsOfAPartitionAcquiredDuringAPassAreSent() async throws {
        let scene = try Scene()
        defer { scene.cleanUp() }
        // Partition 1's rows come first in sequence order, behind anything a cursor over
        // partition 0 alone has passed.
        try await scene.commit(partition: 1, count: 15)
        try await scene.commit(partition: 0, count: 25)
        let owned = Mutex<[Int32]>([0])
        let outbox = RecordingOutbox(store: scene.store)
        let publisher = Publisher(producer: scene.producer, store: outbox, doorbell: Doorbell(), partitions: { owned.withLock { $0 } },
                                  deadLetterTopic: "dl", metrics: RuntimeMetrics(),
                                  observer: { _ in owned.withLock { $0 = [0, 1] } },
                                  batchSize: 10, depth: 2, logger: Logger(label: "test"))
        try await publisher.drain()
        #expect(try await scene.store.statistics().outboxDepth == 0)
        let values = try await scene.published(count: 40)
        #expect(Set(values) == Set((0..<15).map { "p1-\($0)" } + (0..<25).map { "p0-\($0)" }) && values.count == 40)
        #expect(values.filter { $0.hasPrefix("p0-") } == (0..<25).map { "p0-\($0)" }, "a partition's outputs keep their order")
    }

    @Test func aCommitWhileThePublisherWaitsForTheBrokerIsReadAtOnce() async throws {
        let scene = try Scene()
        defer { scene.cleanUp() }
        // Connected first; then the broker stops answering, so nothing is acknowledged until
        // the test lets it.
        _ = try await scene.producer.send([KafkaRecord(topic: "dl", key: nil, value: Array("warm-up".utf8))]).first?.get()
        scene.mock.setBrokerDown(1)
        try await scene.commit(partition: 0, count: 10)
        let outbox = RecordingOutbox(store: scene.store)
        let doorbell = Doorbell()
        let publisher = Publisher(producer: scene.producer, store: outbox, doorbell: doorbell, partitions: { [0] },
                                  deadLetterTopic: "dl", metrics: RuntimeMetrics(), batchSize: 10, depth: 4, logger: Logger(label: "test"))
        let drain = Task { try await publisher.drain() }
        func waitFor(_ call: RecordingOutbox.Call) async throws {
            let deadline = ContinuousClock.now + .seconds(20)
            while !outbox.calls.contains(call), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        }
        // The first ten rows are with the producer and the publisher has caught up with the outbox.
        try await waitFor(.read(after: 10, rows: 0))
        #expect(outbox.calls == [.read(after: nil, rows: 10), .read(after: 10, rows: 0)])
        try await scene.commit(partition: 0, count: 10, from: 10)
        doorbell.ring()
        try await waitFor(.read(after: 20, rows: 0))
        #expect(outbox.calls == [.read(after: nil, rows: 10), .read(after: 10, rows: 0), .read(after: 10, rows: 10), .read(after: 20, rows: 0)],
                "the rows of the commit that rang were read while the first batch was still unacknowledged")
        scene.mock.setBrokerUp(1)
        try await drain.value

        #expect(outbox.calls.filter { $0 == .delete(rows: 10) }.count == 2)
        #expect(try await scene.store.statistics().outboxDepth == 0)
        let values = try await scene.published(count: 20)
        #expect(values == (0..<20).map { "p0-\($0)" })
    }
}
