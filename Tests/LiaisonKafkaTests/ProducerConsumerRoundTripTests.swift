import Testing
@testable import LiaisonKafka

@Suite("Records produced in a batch are consumed intact")
struct ProducerConsumerRoundTripTests {
    @Test("ten thousand keyed records with headers arrive once each, in order per partition")
    func tenThousandRecordsRoundTrip() async throws {
        let cluster = try TestSupport.cluster(topics: ["orders": 6])
        let producer = try KafkaProducer(configuration: TestSupport.configuration(cluster), logger: TestSupport.logger("producer"))
        let records = TestSupport.records(topic: "orders", count: 10_000)

        let reports = await producer.send(records)
        let delivered = try reports.map { try $0.get() }
        #expect(delivered.count == records.count)
        try await producer.close()

        let consumer = try KafkaConsumer(
            configuration: TestSupport.configuration(cluster), groupID: "round-trip", logger: TestSupport.logger("consumer")
        )
        try consumer.subscribe(topics: ["orders"])
        let events = try await TestSupport.collect(consumer) { $0.messages.count >= records.count }
        try await consumer.close()

        let messages = events.messages
        #expect(messages.count == records.count)
        #expect(Set(messages.compactMap(\.sequence)) == Set(0..<records.count))
        // Per partition, offsets and sequence numbers both increase.
        for partition in Set(messages.map(\.partition)) {
            let inPartition = messages.filter { $0.partition == partition }
            #expect(inPartition.map(\.offset) == inPartition.map(\.offset).sorted())
            #expect(inPartition.compactMap(\.sequence) == inPartition.compactMap(\.sequence).sorted())
        }
        // Every record lands where its delivery report said, with key, value and headers.
        let reportBySequence = Dictionary(uniqueKeysWithValues: delivered.enumerated().map { ($0.offset, $0.element) })
        for message in messages.prefix(500) {
            let sequence = try #require(message.sequence)
            let report = try #require(reportBySequence[sequence])
            #expect(message.partition == report.partition && message.offset == report.offset)
            #expect(message.key == records[sequence].key)
            #expect(message.value == records[sequence].value)
            #expect(message.headers == records[sequence].headers)
            #expect(message.timestamp != nil)
        }
        // Equal keys share a partition.
        let partitionsByKey = Dictionary(grouping: messages, by: { $0.key ?? [] }).mapValues { Set($0.map(\.partition)) }
        #expect(partitionsByKey.values.allSatisfy { $0.count == 1 })
    }

    @Test("batches enqueued one behind another arrive in order, and one whose reports nobody awaits is kept until they come")
    func batchesEnqueuedBehindOneAnother() async throws {
        let cluster = try TestSupport.cluster(topics: ["orders": 3])
        let producer = try KafkaProducer(configuration: TestSupport.configuration(cluster), logger: TestSupport.logger("producer"))
        let records = TestSupport.records(topic: "orders", count: 5_000)
        var pending: [PendingDeliveries] = []
        for start in stride(from: 0, to: records.count, by: 1_000) {
            pending.append(await producer.enqueue(Array(records[start..<(start + 1_000)])))
        }
        // Only the last batch is awaited; the others' reports arrive into batches nobody holds.
        let last = await pending.removeLast().reports()
        pending.removeAll()
        #expect(last.count == 1_000 && last.allSatisfy { (try? $0.get()) != nil })
        try await producer.close()

        let consumer = try KafkaConsumer(
            configuration: TestSupport.configuration(cluster), groupID: "behind", logger: TestSupport.logger("consumer")
        )
        try consumer.subscribe(topics: ["orders"])
        let messages = try await TestSupport.collect(consumer) { $0.messages.count >= records.count }.messages
        try await consumer.close()
        #expect(Set(messages.compactMap(\.sequence)) == Set(0..<records.count))
        for partition in Set(messages.map(\.partition)) {
            let sequences = messages.filter { $0.partition == partition }.compactMap(\.sequence)
            #expect(sequences == sequences.sorted(), "partition \(partition) holds the batches in the order they were enqueued")
        }
    }
}
