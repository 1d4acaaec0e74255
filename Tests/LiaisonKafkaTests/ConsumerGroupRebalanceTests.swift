import Testing
@testable import LiaisonKafka

@Suite("Group members share partitions and see every move in order")
struct ConsumerGroupRebalanceTests {
    static let topic = "dept.events"
    static let allPartitions = Set((0..<4).map { TopicPartition(topic: topic, partition: Int32($0)) })

    @Test("two members split the partitions and the survivor takes them all back", arguments: [
        KafkaConsumer.AssignmentStrategy.cooperativeSticky, .eager,
    ])
    func twoMembersSplitThenOneTakesOver(strategy: KafkaConsumer.AssignmentStrategy) async throws {
        let cluster = try TestSupport.cluster(topics: [Self.topic: 4])
        let configuration = TestSupport.configuration(cluster)
        let producer = try KafkaProducer(configuration: configuration, logger: TestSupport.logger("producer"))
        func member(_ name: String) throws -> KafkaConsumer {
            let consumer = try KafkaConsumer(
                configuration: configuration, groupID: "split-\(strategy.rawValue)", strategy: strategy,
                logger: TestSupport.logger(name)
            )
            try consumer.subscribe(topics: [Self.topic])
            return consumer
        }
        var first = AssignmentLog()
        var second = AssignmentLog()
        var produced = 0
        func produce(_ count: Int) async throws {
            let records = TestSupport.records(topic: Self.topic, count: count, keys: 40).map { record in
                var record = record
                record.headers[0].value = Array(String(produced + Int(String(decoding: record.headers[0].value!, as: UTF8.self))!).utf8)
                return record
            }
            for result in await producer.send(records) { _ = try result.get() }
            produced += count
        }

        // The first member alone gets every partition.
        try await produce(200)
        let one = try member("first")
        let deadline = ContinuousClock.now + .seconds(60)
        while first.owned != Self.allPartitions || first.messages.count < produced, ContinuousClock.now < deadline {
            first.apply(try await one.poll(maxMessages: 500, timeout: .milliseconds(100)))
        }
        #expect(first.owned == Self.allPartitions)

        // A second member joins: they split the partitions without overlap.
        let two = try member("second")
        while !(first.owned.isDisjoint(with: second.owned) && first.owned.union(second.owned) == Self.allPartitions
            && !first.owned.isEmpty && !second.owned.isEmpty), ContinuousClock.now < deadline {
            first.apply(try await one.poll(maxMessages: 500, timeout: .milliseconds(100)))
            second.apply(try await two.poll(maxMessages: 500, timeout: .milliseconds(100)))
        }
        #expect(!first.owned.isEmpty && !second.owned.isEmpty)
        #expect(first.owned.isDisjoint(with: second.owned))
        #expect(first.owned.union(second.owned) == Self.allPartitions)

        // New records reach whichever member owns their partition.
        try await produce(200)
        while Set(first.messages.compactMap(\.sequence) + second.messages.compactMap(\.sequence)).count < produced,
            ContinuousClock.now < deadline {
            first.apply(try await one.poll(maxMessages: 500, timeout: .milliseconds(100)))
            second.apply(try await two.poll(maxMessages: 500, timeout: .milliseconds(100)))
        }

        // The second member leaves: the first takes its partitions back.
        try await two.close()
        try await produce(200)
        while first.owned != Self.allPartitions
            || Set(first.messages.compactMap(\.sequence) + second.messages.compactMap(\.sequence)).count < produced,
            ContinuousClock.now < deadline {
            first.apply(try await one.poll(maxMessages: 500, timeout: .milliseconds(100)))
        }
        #expect(first.owned == Self.allPartitions)
        #expect(Set(first.messages.compactMap(\.sequence) + second.messages.compactMap(\.sequence)) == Set(0..<produced))
        #expect(first.messageOutsideAssignment == nil)
        #expect(second.messageOutsideAssignment == nil)
        #expect(first.doubleAssignment == nil && second.doubleAssignment == nil)
        try await one.close()
        try await producer.close()
    }
}
