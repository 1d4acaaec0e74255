import CRdKafka
import Logging

/// Cluster administration for start-up: reading metadata, checking that the topics Liaison
/// needs exist, and creating topics on a real cluster.
///
/// Every call is bounded by a time-out and runs on a dedicated thread.
public final class KafkaAdmin: Sendable {
    let handle: RDKafkaHandle
    private let worker = BlockingWorker(name: "liaison.kafka.admin")

    /// Creates an admin client (it connects lazily, on the first call).
    public init(configuration: KafkaConfiguration, logger: Logger = KafkaLogging.silent) throws(KafkaError) {
        handle = try RDKafkaHandle.make(
            type: RD_KAFKA_PRODUCER,
            properties: configuration.resolvedProperties(clientDefaults: []),
            context: LogOnlyContext(logger: logger)
        )
    }

    deinit { worker.stop() }

    /// The cluster's brokers and topics, or an error if no broker answered within `timeout`.
    public func metadata(timeout: Duration = .seconds(10)) async throws(KafkaError) -> ClusterMetadata {
        let handle = self.handle
        let result: Result<ClusterMetadata, KafkaError> = await worker.run {
            var raw: UnsafePointer<rd_kafka_metadata>?
            let code = rd_kafka_metadata(handle.pointer, 1, nil, &raw, timeout.clampedMilliseconds)
            guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let raw else {
                let reason = "no metadata from \(handle.bootstrapDescription) within \(timeout): \(String(cString: rd_kafka_err2str(code)))"
                return .failure(KafkaError(rdCode: code, reason: reason))
            }
            defer { rd_kafka_metadata_destroy(raw) }
            let brokers = (0..<Int(raw.pointee.broker_cnt)).map { index in
                let broker = raw.pointee.brokers[index]
                return ClusterMetadata.Broker(id: broker.id, host: String(cString: broker.host), port: broker.port)
            }
            let topics = (0..<Int(raw.pointee.topic_cnt)).compactMap { index -> ClusterMetadata.Topic? in
                let topic = raw.pointee.topics[index]
                guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
                return ClusterMetadata.Topic(name: String(cString: topic.topic), partitionCount: Int(topic.partition_cnt))
            }
            return .success(ClusterMetadata(brokers: brokers, topics: topics.sorted { $0.name < $1.name }))
        }
        return try result.get()
    }

    /// Throws an `unknownTopic` error naming every topic of `names` the cluster lacks.
    public func requireTopics(_ names: [String], timeout: Duration = .seconds(10)) async throws(KafkaError) {
        let metadata = try await metadata(timeout: timeout)
        let present = Set(metadata.topics.map(\.name))
        let missing = names.filter { !present.contains($0) }
        guard missing.isEmpty else {
            throw KafkaError(
                code: .unknownTopic,
                reason: "missing topics: \(missing.joined(separator: ", ")) (create them before starting)"
            )
        }
    }

    /// Creates `topics`; a topic that already exists counts as created. Fails with the
    /// per-topic reasons, or with a time-out after `timeout` (always, on the mock cluster,
    /// which has no CreateTopics API).
    public func createTopics(_ topics: [TopicSpec], timeout: Duration = .seconds(15)) async throws(KafkaError) {
        guard !topics.isEmpty else { return }
        let handle = self.handle
        let error: KafkaError? = await worker.run { TopicCreation(handle: handle).run(topics, timeout: timeout) }
        if let error { throw error }
    }
}

extension RDKafkaHandle {
    /// The configured bootstrap servers, for error messages.
    var bootstrapDescription: String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        let conf = rd_kafka_conf(pointer)
        guard rd_kafka_conf_get(conf, "bootstrap.servers", &buffer, &size) == RD_KAFKA_CONF_OK else { return "the cluster" }
        return buffer.withUnsafeBufferPointer(String.init(nulTerminated:))
    }
}
