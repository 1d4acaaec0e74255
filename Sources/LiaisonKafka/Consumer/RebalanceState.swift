import CRdKafka

/// What the rebalance callback needs: the caller's start-offset provider and the events it
/// produces for the next poll.
///
/// `@unchecked Sendable` is sound: `pending` is touched only on the consumer's poll thread,
/// where librdkafka runs the rebalance callback (inside `consumer_poll` and `consumer_close`).
final class RebalanceState: @unchecked Sendable {
    let startOffsets: @Sendable ([TopicPartition]) -> [TopicPartition: Int64]
    /// Called with partitions about to be revoked, before they are given up.
    let beforeRevoke: @Sendable ([TopicPartition]) -> Void
    /// Assignment events not yet returned by a poll, oldest first.
    var pending: [ConsumerEvent] = []

    init(startOffsets: @escaping @Sendable ([TopicPartition]) -> [TopicPartition: Int64],
         beforeRevoke: @escaping @Sendable ([TopicPartition]) -> Void = { _ in }) {
        self.startOffsets = startOffsets
        self.beforeRevoke = beforeRevoke
    }
}

/// librdkafka's rebalance callback: asks the caller for start offsets of new partitions,
/// applies the (incremental or eager) assignment, and queues the event for the next poll.
let rebalanceCallback: @convention(c) (
    OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?
) -> Void = { handle, reason, list, opaque in
    guard let handle, let list, let opaque else { return }
    let context = Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
    guard let state = context.rebalance else { return }
    let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
    let partitions = PartitionList.partitions(of: list)
    switch reason {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        if !partitions.isEmpty {
            PartitionList.apply(state.startOffsets(partitions), to: list)
            state.pending.append(.assigned(partitions.sorted()))
        }
        if cooperative {
            if let error = rd_kafka_incremental_assign(handle, list) {
                context.recordError(KafkaError(consuming: error))
            }
        } else {
            let code = rd_kafka_assign(handle, list)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { context.recordError(KafkaError(rdCode: code, reason: "assign failed")) }
        }
        context.logger.info("partitions assigned", metadata: ["partitions": "\(partitions.sorted())"])
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        if !partitions.isEmpty {
            state.beforeRevoke(partitions)
            state.pending.append(.revoked(partitions.sorted()))
        }
        if cooperative {
            if let error = rd_kafka_incremental_unassign(handle, list) {
                context.recordError(KafkaError(consuming: error))
            }
        } else {
            _ = rd_kafka_assign(handle, nil)
        }
        context.logger.info("partitions revoked", metadata: ["partitions": "\(partitions.sorted())"])
    default:
        _ = rd_kafka_assign(handle, nil)
        context.recordError(KafkaError(rdCode: reason, reason: "rebalance failed: \(String(cString: rd_kafka_err2str(reason)))"))
    }
}
