import LiaisonKafka
import Logging

extension Daemon {
    /// The partition count of the topic the processing stage owns (the inbound topic, or the
    /// department topic read directly) as the cluster reports it, or the configured inbound
    /// count when the cluster does not answer: the metrics publisher reads the rows of every
    /// partition, including those no instance owns at the moment.
    func inboundPartitionCount(logger: Logger) async -> Int32 {
        (try? await processingPartitionCount(logger: logger)) ?? configuration.topics.inboundPartitions
    }

    /// The partition count of the topic the processing stage owns, as the cluster reports it.
    func processingPartitionCount(logger: Logger) async throws -> Int32 {
        let name = configuration.topics.processing
        let admin = try KafkaAdmin(configuration: kafkaConfiguration, logger: logger)
        let metadata = try await admin.metadata(timeout: .seconds(10))
        guard let topic = metadata.topics.first(where: { $0.name == name }), topic.partitionCount > 0 else {
            throw RuntimeError(code: .missingTopics, reason: "the cluster reports no partitions for topic '\(name)'")
        }
        return Int32(topic.partitionCount)
    }
}
