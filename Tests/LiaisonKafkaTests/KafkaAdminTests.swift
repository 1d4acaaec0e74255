import Testing
@testable import LiaisonKafka

@Suite("The admin client describes the cluster and checks topics at start-up")
struct KafkaAdminTests {
    @Test("metadata lists the brokers and each topic's partition count")
    func metadataDescribesCluster() async throws {
        let cluster = try TestSupport.cluster(brokers: 3, topics: ["a": 3, "b": 8])
        let admin = try KafkaAdmin(configuration: TestSupport.configuration(cluster), logger: TestSupport.logger("admin"))
        let metadata = try await admin.metadata(timeout: .seconds(10))
        #expect(metadata.brokers.map(\.id).sorted() == [1, 2, 3])
        #expect(metadata.topic("a")?.partitionCount == 3)
        #expect(metadata.topic("b")?.partitionCount == 8)
    }

    @Test("requireTopics names every missing topic and accepts present ones")
    func requireTopicsNamesMissing() async throws {
        let cluster = try TestSupport.cluster(topics: ["liaison.cases": 2])
        let admin = try KafkaAdmin(configuration: TestSupport.configuration(cluster), logger: TestSupport.logger("admin"))
        try await admin.requireTopics(["liaison.cases"])
        let error = await #expect(throws: KafkaError.self) {
            try await admin.requireTopics(["liaison.cases", "liaison.reminders", "liaison.deadletter"])
        }
        #expect(error?.code == .unknownTopic)
        #expect(error?.reason.contains("liaison.reminders, liaison.deadletter") == true)
    }

    @Test("createTopics against the mock, which lacks the API, fails after its bounded time-out")
    func createTopicsTimesOutOnMock() async throws {
        let cluster = try TestSupport.cluster(topics: [:])
        let admin = try KafkaAdmin(configuration: TestSupport.configuration(cluster), logger: TestSupport.logger("admin"))
        let error = await #expect(throws: KafkaError.self) {
            try await admin.createTopics([TopicSpec(name: "new", partitions: 3, replicationFactor: 1, configs: ["cleanup.policy": "compact"])], timeout: .seconds(2))
        }
        #expect(error != nil)
    }
}
