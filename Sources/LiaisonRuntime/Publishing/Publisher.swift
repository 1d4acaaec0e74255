import LiaisonKafka
import LiaisonStore
import Logging
import ServiceLifecycle

/// Sends the outbox to Kafka with the idempotent producer and deletes each row once the broker
/// acknowledged it: outputs are at-least-once with stable ids, never lost.
///
/// It drains at start (rows left by a crash), whenever a commit rings the doorbell, and a last
/// time on graceful shutdown, after the processing stage has stopped.
public final class Publisher: Service {
    private let producer: KafkaProducer
    private let store: any StateStore
    private let worker: BlockingWorker
    private let doorbell: Doorbell
    private let metrics: RuntimeMetrics
    private let observer: (@Sendable ([OutboxEntry]) -> Void)?
    private let logger: Logger
    private let batchSize = 2_000

    /// Creates the publisher; `observer` sees every acknowledged batch (the dev console uses it).
    init(
        producer: KafkaProducer,
        store: any StateStore,
        worker: BlockingWorker,
        doorbell: Doorbell,
        metrics: RuntimeMetrics,
        observer: (@Sendable ([OutboxEntry]) -> Void)? = nil,
        logger: Logger
    ) {
        self.producer = producer
        self.store = store
        self.worker = worker
        self.doorbell = doorbell
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
        let left = try await worker.run { [store] in try store.statistics().outboxDepth }
        logger.info("publisher stopped", metadata: ["outbox_left": "\(left)"])
    }

    /// Publishes until the outbox is empty, retrying failed rows with backoff.
    func drain() async throws {
        var backoff = Backoff()
        while true {
            let entries = try await worker.run { [store, batchSize] in try store.pendingOutbox(limit: batchSize) }
            if entries.isEmpty { return }
            let records = entries.map { entry in
                KafkaRecord(
                    topic: entry.message.topic,
                    key: entry.message.key,
                    headers: entry.message.headers.map { KafkaHeader(name: $0.name, value: $0.value) },
                    value: entry.message.value
                )
            }
            let results = await producer.send(records)
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
                try await worker.run { [store, acknowledged] in try store.deleteOutbox(sequences: acknowledged) }
                metrics.published(acknowledged.count)
                observer?(acknowledgedEntries)
            }
            if let lastError {
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
}
