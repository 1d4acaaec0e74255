import CRdKafka
import Testing
@testable import LiaisonKafka

@Suite("Misconfiguration and unreachable clusters give clear errors in bounded time")
struct ClientErrorTests {
    @Test("an unknown property is refused with its name")
    func unknownPropertyNamesItself() throws {
        let configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", properties: ["no.such.property": "1"])
        let error = try #require(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: TestSupport.logger("producer"))
        }
        #expect(error.code == .invalidConfiguration)
        #expect(error.reason.contains("no.such.property"))
    }

    @Test("an invalid property value is refused with the property's name")
    func invalidValueNamesProperty() throws {
        let configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", properties: ["session.timeout.ms": "soon"])
        let error = try #require(throws: KafkaError.self) {
            _ = try KafkaConsumer(configuration: configuration, groupID: "g", logger: TestSupport.logger("consumer"))
        }
        #expect(error.reason.contains("session.timeout.ms"))
    }

    @Test("records for an unreachable cluster fail with a retriable time-out")
    func unreachableClusterTimesOut() async throws {
        let configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", messageTimeout: .seconds(2))
        let producer = try KafkaProducer(configuration: configuration, logger: TestSupport.logger("producer"))
        let results = await producer.send(TestSupport.records(topic: "anything", count: 3))
        for result in results {
            #expect(throws: KafkaError.self) { try result.get() }
            if case .failure(let error) = result {
                #expect(error.isRetriable)
                #expect(error.reason.contains("anything"))
            }
        }
    }

    @Test("a consumer of an unreachable cluster reports the brokers as down")
    func consumerReportsUnreachableCluster() async throws {
        let configuration = KafkaConfiguration(bootstrapServers: "127.0.0.1:1")
        let consumer = try KafkaConsumer(configuration: configuration, groupID: "nowhere", logger: TestSupport.logger("consumer"))
        try consumer.subscribe(topics: ["anything"])
        var reported: KafkaError?
        let deadline = ContinuousClock.now + .seconds(20)
        while reported == nil, ContinuousClock.now < deadline {
            do {
                _ = try await consumer.poll(maxMessages: 10, timeout: .milliseconds(200))
            } catch {
                reported = error
            }
        }
        let error = try #require(reported)
        #expect(error.isRetriable)
        #expect(!error.isFatal)
    }

    @Test("metadata from an unreachable cluster fails after its time-out, naming the address")
    func metadataOfUnreachableCluster() async throws {
        let admin = try KafkaAdmin(configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"), logger: TestSupport.logger("admin"))
        let error = await #expect(throws: KafkaError.self) { _ = try await admin.metadata(timeout: .seconds(2)) }
        #expect(error?.reason.contains("127.0.0.1:1") == true)
    }

    // The mock auto-creates any topic a producer asks about (librdkafka 2.0.2 ignores
    // allow.auto.create.topics there), so a missing topic is caught at start-up by
    // `KafkaAdmin.requireTopics` (see KafkaAdminTests); here the partition is what is missing.
    @Test("a record for a partition the topic lacks fails at once, naming the topic")
    func produceToMissingPartition() async throws {
        let cluster = try TestSupport.cluster(topics: ["present": 1])
        let producer = try KafkaProducer(configuration: TestSupport.configuration(cluster), logger: TestSupport.logger("producer"))
        var records = TestSupport.records(topic: "present", count: 3)
        records[1].partition = 7
        let results = await producer.send(records)
        #expect((try? results[0].get()) != nil)
        #expect((try? results[2].get()) != nil)
        let error = try #require(throws: KafkaError.self) { try results[1].get() }
        #expect(error.reason.contains("present"))
        #expect(!error.isRetriable)
        try await producer.close()
    }
}

@Suite("A Kafka error says what failed and where it was raised")
struct KafkaErrorTests {
    @Test("an error keeps the file and line that raised it, out of its description and its equality")
    func placeOfRaising() {
        let first = KafkaError(code: .timedOut, reason: "no answer", isRetriable: true)
        let second = KafkaError(code: .timedOut, reason: "no answer", isRetriable: true)
        #expect(first.file == "LiaisonKafkaTests/ClientErrorTests.swift")
        #expect(second.line == first.line + 1)
        #expect(first == second)
        #expect(first.description == "_TIMED_OUT (-185): no answer")
        #expect(first.debugDescription.hasSuffix("[raised at LiaisonKafkaTests/ClientErrorTests.swift:\(first.line)]"))
    }

    @Test("codes match by constant, by librdkafka's number and by the earlier spelling")
    func codesMatch() {
        let error = KafkaError(rdCode: RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)
        #expect(error.code == .unknownTopic)
        #expect(error.code == KafkaError.Codes.unknownTopic)
        #expect(error.code.rawValue == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC.rawValue)
        #expect(error.code.name == "_UNKNOWN_TOPIC")
        #expect(KafkaError(rdCode: RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION).isRetriable)
        #expect(KafkaError(rdCode: RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE).rejectsRecord)
        #expect(!KafkaError(rdCode: RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE).isRetriable)
    }
}
