import CRdKafka
import Logging

/// librdkafka's in-process mock Kafka cluster: real Kafka protocol over TCP on loopback,
/// for tests, benchmarks and `liaison dev-broker`.
///
/// It lives inside its own `rd_kafka_t` and stops when this object is released. Topics must
/// be created with `createTopic` (the mock has no CreateTopics API); each partition keeps
/// only its newest 5 MiB.
public final class MockCluster: Sendable {
    private let handle: RDKafkaHandle
    /// The mock cluster; its own thread serialises all calls made through it.
    private let cluster: SendableOpaquePointer

    /// The comma-separated `host:port` list clients bootstrap from; ports change every start.
    public let bootstrapServers: String

    /// Starts a cluster of `brokers` brokers (ids 1…brokers) on loopback ports.
    public init(brokers: Int = 1, logger: Logger = KafkaLogging.silent) throws(KafkaError) {
        let context = LogOnlyContext(logger: logger)
        handle = try RDKafkaHandle.make(
            type: RD_KAFKA_PRODUCER,
            properties: [("bootstrap.servers", ""), ("client.id", "liaison-mock-cluster")],
            context: context
        )
        guard let created = rd_kafka_mock_cluster_new(handle.pointer, Int32(clamping: brokers)) else {
            throw KafkaError(code: .invalidConfiguration, reason: "cannot start a mock cluster of \(brokers) brokers")
        }
        cluster = SendableOpaquePointer(raw: created)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(created))
    }

    /// Creates `name` with `partitions` partitions; replication is simulated.
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32 = 1) throws(KafkaError) {
        let result = rd_kafka_mock_topic_create(cluster.raw, name, partitions, replicationFactor)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rdCode: result, reason: "cannot create topic '\(name)': \(String(cString: rd_kafka_err2str(result)))")
        }
    }

    /// Makes broker `id` unreachable: connections are closed and refused until `setBrokerUp`.
    public func setBrokerDown(_ id: Int32) {
        _ = rd_kafka_mock_broker_set_down(cluster.raw, id)
    }

    /// Brings broker `id` back.
    public func setBrokerUp(_ id: Int32) {
        _ = rd_kafka_mock_broker_set_up(cluster.raw, id)
    }

    /// Makes the next `errors.count` requests of protocol `apiKey` (e.g. 0 = Produce,
    /// 1 = Fetch) fail with these librdkafka codes, in order, on whichever broker gets them.
    public func pushRequestErrors(apiKey: Int16, errors: [Int32]) {
        let codes = errors.map { rd_kafka_resp_err_t($0) }
        codes.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster.raw, apiKey, buffer.count, buffer.baseAddress)
        }
    }

    /// Moves the leadership of `topic`'s `partition` to broker `broker` (clients find out
    /// from a NOT_LEADER error and fresh metadata, as after a real leader election).
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) {
        _ = rd_kafka_mock_partition_set_leader(cluster.raw, topic, partition, broker)
    }

    /// Makes broker `broker` the coordinator of consumer group `group`.
    public func setGroupCoordinator(group: String, broker: Int32) {
        _ = rd_kafka_mock_coordinator_set(cluster.raw, "group", group, broker)
    }

    /// Delays every response of broker `broker` by `milliseconds`.
    public func setRoundTripTime(broker: Int32, milliseconds: Int32) {
        _ = rd_kafka_mock_broker_set_rtt(cluster.raw, broker, milliseconds)
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster.raw)
        // `handle` is released after this, destroying the hosting rd_kafka_t.
    }
}

/// Kafka protocol API keys, for `MockCluster.pushRequestErrors(apiKey:errors:)`.
public enum KafkaAPIKey {
    /// ProduceRequest.
    public static let produce: Int16 = 0
    /// FetchRequest.
    public static let fetch: Int16 = 1
    /// MetadataRequest.
    public static let metadata: Int16 = 3
    /// OffsetCommitRequest.
    public static let offsetCommit: Int16 = 8
    /// OffsetFetchRequest.
    public static let offsetFetch: Int16 = 9
    /// FindCoordinatorRequest.
    public static let findCoordinator: Int16 = 10
    /// JoinGroupRequest.
    public static let joinGroup: Int16 = 11
    /// HeartbeatRequest.
    public static let heartbeat: Int16 = 12
}
