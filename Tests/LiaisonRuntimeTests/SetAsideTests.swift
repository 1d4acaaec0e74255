import Foundation
import LiaisonKafka
import LiaisonStore
import Logging
import Testing
@testable import LiaisonRuntime

/// Records Kafka refuses for what they are go to the dead-letter topic, cut to size, instead of
/// being retried forever in front of everything queued behind them.
@Suite("A record Kafka refuses is set aside, not retried forever", .serialized)
struct SetAsideTests {
    /// A mock cluster whose producer accepts records of at most 100,000 bytes.
    struct Cluster {
        let mock: MockCluster
        let producer: KafkaProducer

        init() throws {
            mock = try MockCluster()
            for topic in ["out", "dl"] { try mock.createTopic(topic, partitions: 1) }
            let configuration = KafkaConfiguration(bootstrapServers: mock.bootstrapServers, properties: ["message.max.bytes": "100000"])
            producer = try KafkaProducer(configuration: configuration)
        }

        /// Every record of `topic`, read from the start until `count` arrived (or 20 s passed).
        func read(_ topic: String, count: Int) async throws -> [KafkaMessage] {
            let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: mock.bootstrapServers),
                                             groupID: "read-\(UUID().uuidString)")
            try consumer.subscribe(topics: [topic])
            var messages: [KafkaMessage] = []
            let deadline = ContinuousClock.now + .seconds(20)
            while messages.count < count, ContinuousClock.now < deadline {
                for event in try await consumer.poll(maxMessages: 100, timeout: .milliseconds(200)) {
                    if case .message(let message) = event { messages.append(message) }
                }
            }
            try? await consumer.close()
            return messages
        }
    }

    static func header(_ message: KafkaMessage, _ name: String) -> String? {
        message.headers.last { $0.name == name }?.value.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func theRouterSetsAsideARecordTooLargeForKafkaAndDeliversTheRest() async throws {
        let cluster = try Cluster()
        let huge = KafkaRecord(topic: "out", key: Array("K".utf8),
                               headers: [KafkaHeader(name: RecordHeaders.originTopic, value: Array("dept.tax".utf8))],
                               value: Array(repeating: UInt8(ascii: "x"), count: 300_000))
        let small = KafkaRecord(topic: "out", key: Array("K".utf8), value: Array("ok".utf8))
        let outcome = try await Delivery.sendAll([huge, small], with: cluster.producer, deadLetterTopic: "dl",
                                                 refusedBy: "router", logger: Logger(label: "test"))
        #expect(outcome.setAside == 1 && outcome.dropped == 0)
        #expect(outcome.notes.map(\.code) == ["undeliverable"])
        #expect(outcome.notes.first?.source?.topic == "dept.tax", "the note points at the department's record")
        let delivered = try await cluster.read("out", count: 1)
        #expect(delivered.map(\.value) == [Array("ok".utf8)])
        let letter = try #require(try await cluster.read("dl", count: 1).first)
        #expect(letter.value?.count == SetAside.valueBytes)
        #expect(Self.header(letter, RecordHeaders.reasonCode) == "undeliverable")
        #expect(Self.header(letter, RecordHeaders.truncated) == "value 300000 bytes")
        #expect(Self.header(letter, RecordHeaders.originTopic) == "dept.tax")
    }

    @Test func thePublisherSetsAsideAnOutputKafkaRefusesAndEmptiesTheOutbox() async throws {
        let cluster = try Cluster()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("setaside-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("s.sqlite").path, logger: Logger(label: "test"))
        let leases = try await store.acquire(partitions: [0], owner: "test")
        try await store.commit(StoreBatch(leases: leases, outbox: [
            OutboxMessage(partition: 0, topic: "out", key: Array("C1".utf8), value: Array(repeating: UInt8(ascii: "y"), count: 200_000)),
            OutboxMessage(partition: 0, topic: "out", key: Array("C1".utf8), value: Array("after".utf8)),
        ], offsets: [0: 1]))
        let publisher = Publisher(producer: cluster.producer, store: store, doorbell: Doorbell(), partitions: { [0] },
                                  deadLetterTopic: "dl", metrics: RuntimeMetrics(), logger: Logger(label: "test"))
        try await publisher.drain()
        #expect(try await store.statistics().outboxDepth == 0)
        #expect(try await cluster.read("out", count: 1).map(\.value) == [Array("after".utf8)])
        let letter = try #require(try await cluster.read("dl", count: 1).first)
        #expect(Self.header(letter, RecordHeaders.refusedBy) == "publisher")
        #expect(Self.header(letter, RecordHeaders.originTopic) == "out")
    }
}
