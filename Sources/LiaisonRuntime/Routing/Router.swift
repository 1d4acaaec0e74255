import LiaisonKafka
import Logging
import ServiceLifecycle

/// The first stage: reads the department topics, refuses what needs no case to refuse, and
/// forwards the rest to the inbound topic keyed by case id.
///
/// Department systems key their records as they like and their topics differ in partition
/// counts; re-keying by case id gives every case exactly one owning partition of the inbound
/// topic, and so one owner in the processing stage. Input offsets are committed to Kafka only
/// after every forwarded and dead-lettered record of the batch was acknowledged: a crash
/// repeats records, never drops them, and the engine ignores repeated event ids.
public final class Router: Service {
    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let routing: RecordRouting
    private let topics: LiaisonConfiguration.Topics
    private let batchSize: Int
    private let metrics: RuntimeMetrics
    private let logger: Logger

    /// Creates the stage; `run()` subscribes and works until graceful shutdown.
    public init(
        consumer: KafkaConsumer,
        producer: KafkaProducer,
        configuration: LiaisonConfiguration,
        metrics: RuntimeMetrics,
        logger: Logger
    ) {
        self.consumer = consumer
        self.producer = producer
        self.topics = configuration.topics
        self.routing = RecordRouting(configuration: configuration)
        self.batchSize = configuration.processing.batchMaxEvents
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        try consumer.subscribe(topics: topics.inputs.map(\.name))
        logger.info("router reading department topics", metadata: ["topics": "\(topics.inputs.map(\.name))"])
        polling: while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let events: [ConsumerEvent]
            do {
                events = try await consumer.poll(maxMessages: batchSize, timeout: .milliseconds(100))
            } catch {
                logger.warning("router poll failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
                continue
            }
            var records: [KafkaRecord] = []
            var offsets: [TopicPartition: Int64] = [:]
            for event in events {
                switch event {
                case .message(let message):
                    records.append(route(message))
                    offsets[TopicPartition(topic: message.topic, partition: message.partition)] = message.offset + 1
                case .assigned(let partitions):
                    logger.info("router assigned", metadata: ["partitions": "\(partitions)"])
                case .revoked(let partitions):
                    logger.info("router revoked", metadata: ["partitions": "\(partitions)"])
                }
            }
            guard !records.isEmpty else { continue }
            do {
                let outcome = try await Delivery.sendAll(records, with: producer, deadLetterTopic: topics.deadletter,
                                                         refusedBy: "router", logger: logger)
                for _ in 0..<outcome.setAside { metrics.deadLettered(code: DeadLetterCode.undeliverable.rawValue) }
                metrics.recentDeadLetters.record(outcome.notes)
            } catch is Delivery.StoppedBeforeDelivery {
                // Offsets stay uncommitted: the batch is routed again at next start.
                break polling
            }
            do {
                try await consumer.commit(offsets)
            } catch {
                // A revoked partition cannot be committed; its records are routed again by the
                // next owner and the engine drops the repeats.
                logger.notice("router offset commit failed", metadata: ["error": "\(error)"])
            }
        }
        try? await consumer.close()
        logger.info("router stopped")
    }

    /// Forward or dead-letter one department record.
    func route(_ message: KafkaMessage) -> KafkaRecord {
        switch routing.route(message) {
        case .forward(let record, _):
            metrics.routed()
            return record
        case .refused(let record, let code, let reason):
            metrics.deadLettered(code: code)
            metrics.recentDeadLetters.record([DeadLetterNote(
                time: .now(), code: code, stage: "router",
                source: DeadLetterNote.Source(topic: message.topic, partition: message.partition, offset: message.offset),
                caseID: nil, reason: reason)])
            logger.notice("refused record", metadata: [
                "topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)",
                "code": "\(code)", "reason": "\(reason)",
            ])
            return record
        }
    }
}
