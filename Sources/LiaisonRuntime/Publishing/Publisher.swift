import LiaisonKafka
import LiaisonStore
import Logging
import ServiceLifecycle

/// Sends the outbox to Kafka with the idempotent producer and deletes each row once the broker
/// acknowledged it: outputs are at-least-once with stable ids, never lost.
///
/// It publishes the rows of the inbound partitions this instance owns, and only those: with
/// several instances over one store, each partition's outputs have one publisher, its owner.
/// It drains whenever a commit rings the doorbell or partitions are acquired (rows left by a
/// crash or by the previous owner), and a last time on graceful shutdown, after the processing
/// stage has stopped.
public final class Publisher: Service {
    private let producer: KafkaProducer
    private let store: any StateStore
    private let doorbell: Doorbell
    private let partitions: @Sendable () -> [Int32]
    private let deadLetterTopic: String
    private let metrics: RuntimeMetrics
    private let observer: (@Sendable ([OutboxEntry]) -> Void)?
    private let logger: Logger
    private let batchSize = 2_000

    /// Creates the publisher; `partitions` tells which inbound partitions are owned at the
    /// moment, `observer` sees every acknowledged batch (the dev console uses it).
    init(
        producer: KafkaProducer,
        store: any StateStore,
        doorbell: Doorbell,
        partitions: @escaping @Sendable () -> [Int32],
        deadLetterTopic: String,
        metrics: RuntimeMetrics,
        observer: (@Sendable ([OutboxEntry]) -> Void)? = nil,
        logger: Logger
    ) {
        self.producer = producer
        self.store = store
        self.doorbell = doorbell
        self.partitions = partitions
        self.deadLetterTopic = deadLetterTopic
        self.metrics = metrics
        self.observer = observer
        self.logger = logger
    }

    public func run() async throws {
        try await drain()
        try await withGracefulShutdownHandler {
            for await _ in doorbell.rings {
                try await drain()
            }
        } onGracefulShutdown: { [doorbell] in
            doorbell.close()
        }
        try await drain()
        try await producer.flush(timeout: .seconds(10))
        let left = try await store.pendingOutbox(partitions: partitions(), limit: batchSize).count
        logger.info("publisher stopped", metadata: ["outbox_left": "\(left)\(left == batchSize ? "+" : "")"])
    }

    /// Publishes until the outbox is empty, retrying failed rows with backoff. A row Kafka
    /// refuses for what it is goes to the dead-letter topic, cut to size, so that it cannot
    /// hold up the outputs behind it. Once graceful shutdown has begun it gives up after a few
    /// failed attempts: the rows stay in the outbox and are sent at next start.
    func drain() async throws {
        var backoff = Backoff()
        var failuresWhileStopping = 0
        while true {
            let owned = partitions()
            let entries = try await StoreRetry(what: "reading the outbox", logger: logger, metrics: metrics).run {
                try await store.pendingOutbox(partitions: owned, limit: batchSize)
            }
            if entries.isEmpty { return }
            var results = await producer.send(entries.map(Self.record))
            var rejected: [Int] = []
            for (index, result) in results.enumerated() {
                if case .failure(let error) = result, error.rejectsRecord { rejected.append(index) }
            }
            if !rejected.isEmpty {
                let deadLetters = rejected.map { index in
                    let record = Self.record(entries[index])
                    logger.error("Kafka refused an output; it goes to the dead-letter topic, cut to size", metadata: [
                        "topic": "\(record.topic)", "sequence": "\(entries[index].sequence)", "error": "\(results[index])",
                    ])
                    return SetAside.deadLetter(record, to: deadLetterTopic, code: DeadLetterCode.undeliverable.rawValue,
                                               reason: "\(record.topic) refused the output: \(results[index])", refusedBy: "publisher")
                }
                metrics.recentDeadLetters.record(rejected.map { index in
                    let record = Self.record(entries[index])
                    return DeadLetterNote(time: .now(), code: DeadLetterCode.undeliverable.rawValue, stage: "publisher",
                                          source: Delivery.origin(of: record),
                                          caseID: record.key.map { String(decoding: $0, as: UTF8.self) },
                                          reason: "\(record.topic) refused the output: \(results[index])")
                })
                for (index, result) in zip(rejected, await producer.send(deadLetters)) { results[index] = result }
            }
            var acknowledged: [Int64] = []
            var acknowledgedEntries: [OutboxEntry] = []
            var lastError: KafkaError?
            for (entry, result) in zip(entries, results) {
                switch result {
                case .success:
                    acknowledged.append(entry.sequence)
                    acknowledgedEntries.append(entry)
                case .failure(let error):
                    lastError = error
                }
            }
            if !acknowledged.isEmpty {
                try await StoreRetry(what: "deleting published outbox rows", logger: logger, metrics: metrics).run {
                    try await store.deleteOutbox(sequences: acknowledged)
                }
                metrics.published(acknowledged.count)
                observer?(acknowledgedEntries)
            }
            if let lastError {
                if Task.isShuttingDownGracefully {
                    failuresWhileStopping += 1
                    if failuresWhileStopping >= 3 {
                        logger.notice("stopping with outputs not yet acknowledged; they stay in the outbox and are sent at next start", metadata: [
                            "failed": "\(entries.count - acknowledged.count)", "error": "\(lastError)",
                        ])
                        return
                    }
                }
                let delay = backoff.next()
                logger.warning("publishing failed; retrying", metadata: [
                    "failed": "\(entries.count - acknowledged.count)", "error": "\(lastError)", "retry_in": "\(delay)",
                ])
                try await Task.sleep(for: delay)
            } else {
                backoff.reset()
            }
        }
    }

    private static func record(_ entry: OutboxEntry) -> KafkaRecord {
        KafkaRecord(
            topic: entry.message.topic,
            key: entry.message.key,
            headers: entry.message.headers.map { KafkaHeader(name: $0.name, value: $0.value) },
            value: entry.message.value
        )
    }
}
