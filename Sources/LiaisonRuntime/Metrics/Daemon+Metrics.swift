import LiaisonKafka
import Logging

extension Daemon {
    /// The inbound topic's partition count as the cluster reports it (the configured count when
    /// the cluster does not answer): the metrics publisher reads the rows of every partition,
    /// including those no instance owns at the moment.
    func inboundPartitionCount(logger: Logger) async -> Int32 {
        let inbound = configuration.topics.inbound
        guard let admin = try? KafkaAdmin(configuration: kafkaConfiguration, logger: logger),
              let metadata = try? await admin.metadata(timeout: .seconds(10)),
              let topic = metadata.topics.first(where: { $0.name == inbound }), topic.partitionCount > 0 else {
            return configuration.topics.inboundPartitions
        }
        return Int32(topic.partitionCount)
    }
}
