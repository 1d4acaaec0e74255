import Testing
@testable import LiaisonKafka

@Suite("A paused partition delivers nothing until it is resumed")
struct ConsumerPauseTests {
    static let topic = "paced"

    @Test("records of a paused partition wait, in order, while the other partition flows")
    func pausedPartitionWaitsForResume() async throws {
        let cluster = try TestSupport.cluster(topics: [Self.topic: 2])
        let configuration = TestSupport.configuration(cluster)
        let consumer = try KafkaConsumer(configuration: configuration, groupID: "pause", logger: TestSupport.logger("consumer"))
        try consumer.subscribe(topics: [Self.topic])
        let paused = TopicPartition(topic: Self.topic, partition: 0)

        var events = try await TestSupport.collect(consumer) { events in
            events.contains { if case .assigned = $0 { true } else { false } }
        }
        try consumer.pause([paused])

        let producer = try KafkaProducer(configuration: configuration, logger: TestSupport.logger("producer"))
        var records = TestSupport.records(topic: Self.topic, count: 200)
        for index in records.indices { records[index].partition = Int32(index % 2) }
        for result in await producer.send(records) { _ = try result.get() }
        try await producer.close()

        events += try await TestSupport.collect(consumer) { $0.messages.filter { $0.partition == 1 }.count >= 100 }
        #expect(events.messages.filter { $0.partition == 1 }.count == 100)
        #expect(events.messages.filter { $0.partition == 0 }.isEmpty)

        try consumer.resume([paused])
        events += try await TestSupport.collect(consumer) { $0.messages.filter { $0.partition == 0 }.count >= 100 }
        try await consumer.close()
        #expect(events.messages.filter { $0.partition == 0 }.map(\.offset) == Array(0..<100))
    }
}
