import CRdKafka
import Logging
import Synchronization

/// A Kafka consumer-group member that reports partition assignments and revocations in
/// order with its messages, and lets the caller choose where each new partition starts.
///
/// Offsets are never committed automatically: the caller commits what it has made durable.
/// Blocking librdkafka calls run on dedicated threads, never on Swift's cooperative pool.
public final class KafkaConsumer: Sendable {
    /// How partitions move between group members on a rebalance.
    public enum AssignmentStrategy: String, Sendable {
        /// Incremental: only the partitions that move are revoked (`cooperative-sticky`).
        case cooperativeSticky = "cooperative-sticky"
        /// Stop-the-world: every member gives up all partitions, then gets a new set (`range,roundrobin`).
        case eager = "range,roundrobin"
    }

    /// Where a partition without a committed offset or caller-chosen offset starts.
    public enum OffsetReset: String, Sendable {
        /// The oldest retained record.
        case earliest
        /// Only records produced from now on.
        case latest
    }

    let handle: RDKafkaHandle
    /// The callbacks' state; `handle` keeps it alive for librdkafka, this for the poll loop.
    let context: ConsumerContext
    private let pollWorker = BlockingWorker(name: "liaison.kafka.consumer.poll")
    private let commitWorker = BlockingWorker(name: "liaison.kafka.consumer.commit")
    private let closed = Mutex(false)

    /// Creates a member of group `groupID`.
    ///
    /// `startOffsets` is called synchronously on the poll thread whenever partitions are
    /// assigned; it returns the next offset to read for the partitions it knows, and a missing
    /// entry means "committed offset, else `offsetReset`". `beforeRevoke` is called the same way
    /// with partitions about to be revoked, before they are given up (e.g. to finish a commit
    /// that holds their records).
    public init(
        configuration: KafkaConfiguration,
        groupID: String,
        strategy: AssignmentStrategy = .cooperativeSticky,
        offsetReset: OffsetReset = .earliest,
        startOffsets: @escaping @Sendable ([TopicPartition]) -> [TopicPartition: Int64] = { _ in [:] },
        beforeRevoke: @escaping @Sendable ([TopicPartition]) -> Void = { _ in },
        logger: Logger = KafkaLogging.silent
    ) throws(KafkaError) {
        let defaults: [(String, String)] = [
            ("group.id", groupID),
            ("partition.assignment.strategy", strategy.rawValue),
            ("auto.offset.reset", offsetReset.rawValue),
            ("enable.auto.commit", "false"),
            ("enable.auto.offset.store", "false"),
            ("enable.partition.eof", "false"),
        ]
        let context = ConsumerContext(logger: logger, startOffsets: startOffsets, beforeRevoke: beforeRevoke)
        self.context = context
        handle = try RDKafkaHandle.make(
            type: RD_KAFKA_CONSUMER,
            properties: configuration.resolvedProperties(clientDefaults: defaults),
            context: context
        ) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, rebalanceCallback)
        }
        rd_kafka_poll_set_consumer(handle.pointer)
    }

    deinit {
        pollWorker.stop()
        commitWorker.stop()
    }

    /// Joins the group for `topics`; a name starting with `^` is a regular expression that
    /// matches topic names (e.g. `^dept\\..*`). Replaces any earlier subscription.
    public func subscribe(topics: [String]) throws(KafkaError) {
        let list = PartitionList(topics.map { TopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) })
        let code = list.withPointer { rd_kafka_subscribe(handle.pointer, $0) }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(rdCode: code, reason: "subscribe to \(topics) failed: \(String(cString: rd_kafka_err2str(code)))")
        }
    }

    /// Subscribes to every topic matching `pattern` (a regular expression; `^` is added if missing).
    public func subscribe(pattern: String) throws(KafkaError) {
        try subscribe(topics: [pattern.hasPrefix("^") ? pattern : "^" + pattern])
    }

    /// Waits up to `timeout` for something to happen, then returns what happened, in order:
    /// assignments, revocations and up to `maxMessages` messages. Returns early as soon as
    /// there is at least one event; an empty array means the time-out passed quietly.
    ///
    /// Throws the errors librdkafka reports (brokers unreachable, fetch errors); check
    /// `isRetriable` and `isFatal` to decide whether to poll again.
    public func poll(maxMessages: Int, timeout: Duration) async throws(KafkaError) -> [ConsumerEvent] {
        if closed.withLock({ $0 }) {
            throw KafkaError(code: .closed, reason: "the consumer is closed")
        }
        let (handle, context) = (self.handle, self.context)
        let result = await pollWorker.run {
            ConsumerPollLoop(handle: handle, context: context).poll(maxMessages: max(1, maxMessages), timeout: timeout)
        }
        var loop = ConsumerPollLoop(handle: handle, context: context)
        return loop.events(from: try result.get())
    }

    /// Stops fetching `partitions` until `resume`; their assignment is kept.
    public func pause(_ partitions: [TopicPartition]) throws(KafkaError) {
        try changePause(partitions, action: "pause", call: rd_kafka_pause_partitions)
    }

    /// Resumes fetching `partitions` where they stopped.
    public func resume(_ partitions: [TopicPartition]) throws(KafkaError) {
        try changePause(partitions, action: "resume", call: rd_kafka_resume_partitions)
    }

    private func changePause(
        _ partitions: [TopicPartition], action: String,
        call: (OpaquePointer?, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> rd_kafka_resp_err_t
    ) throws(KafkaError) {
        let list = PartitionList(partitions)
        let code = list.withPointer { call(handle.pointer, $0) }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdCode: code, reason: "\(action) \(partitions) failed")
        }
        if let error = list.firstError(action: action) { throw error }
    }

    /// Commits, for the group, the next offset to read of each partition, and waits for the
    /// coordinator's answer.
    public func commit(_ offsets: [TopicPartition: Int64]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let handle = self.handle
        let error: KafkaError? = await commitWorker.run {
            let list = PartitionList(Array(offsets.keys), offsets: offsets)
            let code = list.withPointer { rd_kafka_commit(handle.pointer, $0, 0) }
            if code != RD_KAFKA_RESP_ERR_NO_ERROR {
                return KafkaError(rdCode: code, reason: "commit of \(offsets.count) partitions failed: \(String(cString: rd_kafka_err2str(code)))")
            }
            return list.firstError(action: "commit")
        }
        if let error { throw error }
    }

    /// Leaves the group (revoking the assignment, which the next rebalance gives to others).
    /// Later polls throw a `closed` error.
    public func close() async throws(KafkaError) {
        guard !closed.withLock({ closed in defer { closed = true }; return closed }) else { return }
        let handle = self.handle
        let code = await pollWorker.run { rd_kafka_consumer_close(handle.pointer) }
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdCode: code, reason: "leaving the group failed: \(String(cString: rd_kafka_err2str(code)))")
        }
    }
}
