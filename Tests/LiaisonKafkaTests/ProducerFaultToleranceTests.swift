import CRdKafka
import Testing
@testable import LiaisonKafka

@Suite("The idempotent producer neither loses nor duplicates records when the cluster misbehaves")
struct ProducerFaultToleranceTests {
    static let topic = "faults"

    /// Reads the whole topic back and returns the sequence numbers found, in arrival order.
    static func readBack(_ cluster: MockCluster, expecting count: Int) async throws -> [Int] {
        let consumer = try KafkaConsumer(
            configuration: TestSupport.configuration(cluster), groupID: "read-back", logger: TestSupport.logger("reader")
        )
        try consumer.subscribe(topics: [topic])
        let events = try await TestSupport.collect(consumer) { $0.messages.count >= count }
        try await consumer.close()
        return events.messages.compactMap(\.sequence)
    }

    @Test("records sent while a broker goes down and comes back are all stored once")
    func brokerDownAndUp() async throws {
        let cluster = try TestSupport.cluster(brokers: 3, topics: [Self.topic: 6])
        let producer = try KafkaProducer(configuration: TestSupport.configuration(cluster), logger: TestSupport.logger("producer"))
        let records = TestSupport.records(topic: Self.topic, count: 3000)

        // Broker 2 leads some partitions: their records wait until it is back.
        _ = await producer.send(Array(records.prefix(10)))
        cluster.setBrokerDown(2)
        async let reports = producer.send(Array(records.dropFirst(10)))
        try await Task.sleep(for: .seconds(2))
        cluster.setBrokerUp(2)
        let results = await reports
        try await producer.close()

        let failures = results.compactMap { result -> String? in
            if case .failure(let error) = result { return "\(error)" } else { return nil }
        }
        #expect(failures.isEmpty, "\(failures.count) sends failed, e.g. \(failures.first ?? "")")
        let sequences = try await Self.readBack(cluster, expecting: records.count)
        #expect(sequences.count == records.count)
        #expect(Set(sequences) == Set(0..<records.count))
    }

    @Test("records whose produce requests fail with retriable errors are all stored once")
    func injectedProduceErrors() async throws {
        let cluster = try TestSupport.cluster(brokers: 3, topics: [Self.topic: 6])
        let producer = try KafkaProducer(configuration: TestSupport.configuration(cluster), logger: TestSupport.logger("producer"))
        cluster.pushRequestErrors(apiKey: KafkaAPIKey.produce, errors: [
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION.rawValue,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.rawValue,
            RD_KAFKA_RESP_ERR__TRANSPORT.rawValue,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS.rawValue,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT.rawValue,
        ])
        cluster.setRoundTripTime(broker: 1, milliseconds: 50)
        let records = TestSupport.records(topic: Self.topic, count: 3000)

        let results = await producer.send(records)
        try await producer.close()

        #expect(results.allSatisfy { (try? $0.get()) != nil })
        let sequences = try await Self.readBack(cluster, expecting: records.count)
        #expect(sequences.count == records.count)
        #expect(Set(sequences) == Set(0..<records.count))
    }
}
