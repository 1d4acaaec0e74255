import CRdKafka
import Logging
import Synchronization

/// What a consumer's callbacks need: the caller's start-offset and revocation hooks, the assignment
/// events the rebalance callback produces for the next poll, and the latest client-level error.
///
/// librdkafka runs the rebalance, log and error callbacks on the thread that polls (inside
/// `consumer_poll` and `consumer_close`); the lock makes that a checked guarantee rather than
/// an assumption, and is never contended.
final class ConsumerContext: ClientContext {
    let logger: Logger
    /// Next offsets of newly assigned partitions, asked for on the poll thread.
    let startOffsets: @Sendable ([TopicPartition]) -> [TopicPartition: Int64]
    /// Called on the poll thread with partitions about to be revoked, before they are given up.
    let beforeRevoke: @Sendable ([TopicPartition]) -> Void
    private let state = Mutex(State())

    private struct State {
        /// Assignment events not yet returned by a poll, oldest first.
        var pending: [ConsumerEvent] = []
        /// The error the next poll throws, unless it has events to return first.
        var error: KafkaError?
    }

    init(logger: Logger, startOffsets: @escaping @Sendable ([TopicPartition]) -> [TopicPartition: Int64],
         beforeRevoke: @escaping @Sendable ([TopicPartition]) -> Void = { _ in }) {
        self.logger = logger
        self.startOffsets = startOffsets
        self.beforeRevoke = beforeRevoke
    }

    /// Queues an assignment or revocation for the next poll.
    func queue(_ event: ConsumerEvent) {
        state.withLock { $0.pending.append(event) }
    }

    /// Returns and clears the queued events, oldest first.
    func takeEvents() -> [ConsumerEvent] {
        state.withLock { state in
            guard !state.pending.isEmpty else { return [] }
            defer { state.pending.removeAll() }
            return state.pending
        }
    }

    /// Keeps `error` for the next poll; a fatal error is never replaced by a lesser one.
    func clientError(_ error: KafkaError) {
        state.withLock { state in
            if state.error?.isFatal == true && !error.isFatal { return }
            state.error = error
        }
    }

    /// Returns and clears the kept error.
    func takeError() -> KafkaError? {
        state.withLock { state in
            defer { state.error = nil }
            return state.error
        }
    }
}

/// librdkafka's rebalance callback: asks the caller for start offsets of new partitions,
/// applies the (incremental or eager) assignment, and queues the event for the next poll.
/// Installed on consumers only, so the opaque pointer is a `ConsumerContext`.
let rebalanceCallback: @convention(c) (
    OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?
) -> Void = { handle, reason, list, opaque in
    guard let handle, let list, let opaque else { return }
    let context = Unmanaged<ConsumerContext>.fromOpaque(opaque).takeUnretainedValue()
    let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
    let partitions = PartitionList.partitions(of: list)
    switch reason {
    case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
        if !partitions.isEmpty {
            PartitionList.apply(context.startOffsets(partitions), to: list)
            context.queue(.assigned(partitions.sorted()))
        }
        if cooperative {
            if let error = rd_kafka_incremental_assign(handle, list) {
                context.clientError(KafkaError(consuming: error))
            }
        } else {
            let code = rd_kafka_assign(handle, list)
            if code != RD_KAFKA_RESP_ERR_NO_ERROR { context.clientError(KafkaError(rdCode: code, reason: "assign failed")) }
        }
        context.logger.info("partitions assigned", metadata: ["partitions": "\(partitions.sorted())"])
    case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
        if !partitions.isEmpty {
            context.beforeRevoke(partitions)
            context.queue(.revoked(partitions.sorted()))
        }
        if cooperative {
            if let error = rd_kafka_incremental_unassign(handle, list) {
                context.clientError(KafkaError(consuming: error))
            }
        } else {
            _ = rd_kafka_assign(handle, nil)
        }
        context.logger.info("partitions revoked", metadata: ["partitions": "\(partitions.sorted())"])
    default:
        _ = rd_kafka_assign(handle, nil)
        context.clientError(KafkaError(rdCode: reason, reason: "rebalance failed: \(String(cString: rd_kafka_err2str(reason)))"))
    }
}
