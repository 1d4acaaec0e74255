import Synchronization
import Testing
@testable import LiaisonKafka

@Suite("The caller decides where each assigned partition starts")
struct ConsumerStartOffsetTests {
    static let topic = "inbox"

    /// 50 records into each of partitions 0 and 1, sequence numbers in the `seq` header.
    static func fill(_ cluster: MockCluster) async throws {
        let producer = try KafkaProducer(configuration: TestSupport.configuration(cluster), logger: TestSupport.logger("producer"))
        var records = TestSupport.records(topic: topic, count: 100)
        for index in records.indices { records[index].partition = Int32(index % 2) }
        for result in await producer.send(records) { _ = try result.get() }
        try await producer.close()
    }

    @Test("a consumer starts from the offsets its provider returns, and is asked for the partitions it gets")
    func startsFromProvidedOffsets() async throws {
        let cluster = try TestSupport.cluster(topics: [Self.topic: 2])
        try await Self.fill(cluster)
        let asked = AskedPartitions()
        let consumer = try KafkaConsumer(
            configuration: TestSupport.configuration(cluster), groupID: "chosen-offsets",
            startOffsets: { partitions in
                asked.partitions.withLock { $0 += partitions }
                return [TopicPartition(topic: Self.topic, partition: 0): 30, TopicPartition(topic: Self.topic, partition: 1): 10]
            },
            logger: TestSupport.logger("consumer")
        )
        try consumer.subscribe(topics: [Self.topic])
        let events = try await TestSupport.collect(consumer) { $0.messages.count >= 60 }
        try await consumer.close()

        let messages = events.messages
        #expect(asked.partitions.withLock { $0 }.sorted() == [TopicPartition(topic: Self.topic, partition: 0), TopicPartition(topic: Self.topic, partition: 1)])
        #expect(messages.filter { $0.partition == 0 }.map(\.offset) == Array(30..<50))
        #expect(messages.filter { $0.partition == 1 }.map(\.offset) == Array(10..<50))
    }

    @Test("a partition the provider does not know resumes from the group's committed offset")
    func missingEntryFallsBackToCommittedOffset() async throws {
        let cluster = try TestSupport.cluster(topics: [Self.topic: 2])
        try await Self.fill(cluster)
        let configuration = TestSupport.configuration(cluster)
        let first = try KafkaConsumer(configuration: configuration, groupID: "committed", logger: TestSupport.logger("first"))
        try first.subscribe(topics: [Self.topic])
        _ = try await TestSupport.collect(first) { $0.messages.count >= 100 }
        try await first.commit([
            TopicPartition(topic: Self.topic, partition: 0): 45,
            TopicPartition(topic: Self.topic, partition: 1): 48,
        ])
        try await first.close()

        let second = try KafkaConsumer(
            configuration: configuration, groupID: "committed",
            startOffsets: { _ in [TopicPartition(topic: Self.topic, partition: 1): 0] },
            logger: TestSupport.logger("second")
        )
        try second.subscribe(pattern: "^inb.*")
        let events = try await TestSupport.collect(second) { $0.messages.count >= 55 }
        try await second.close()

        #expect(events.messages.filter { $0.partition == 0 }.map(\.offset) == Array(45..<50))
        #expect(events.messages.filter { $0.partition == 1 }.map(\.offset) == Array(0..<50))
    }
}

/// The partitions a consumer asked its start-offset provider about.
final class AskedPartitions: Sendable {
    let partitions = Mutex<[TopicPartition]>([])
}
