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
    private let store: any OutboxStore
    private let doorbell: Doorbell
    private let partitions: @Sendable () -> [Int32]
    private let deadLetterTopic: String
    private let metrics: RuntimeMetrics
    private let observer: (@Sendable ([OutboxEntry]) -> Void)?
    private let logger: Logger
    /// Outbox rows read, and handed to the producer, at a time.
    private let batchSize: Int
    /// Batches handed to the producer and not yet acknowledged, at most.
    private let depth: Int
    /// Whether a commit's ring wakes a drain that waits for the broker (see ``pass()``).
    private let wakeOnRing: Bool

    /// Creates the publisher; `partitions` tells which inbound partitions are owned at the
    /// moment, `observer` sees every acknowledged batch (the dev console uses it).
    init(
        producer: KafkaProducer,
        store: any OutboxStore,
        doorbell: Doorbell,
        partitions: @escaping @Sendable () -> [Int32],
        deadLetterTopic: String,
        metrics: RuntimeMetrics,
        observer: (@Sendable ([OutboxEntry]) -> Void)? = nil,
        batchSize: Int = 2_000,
        depth: Int = 4,
        wakeOnRing: Bool = true,
        logger: Logger
    ) {
        self.batchSize = batchSize
        self.depth = max(1, depth)
        self.wakeOnRing = wakeOnRing
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
            while await doorbell.wait() {
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
            switch try await pass() {
            case .emptied:
                return
            case .progressed:
                backoff.reset()
            case .failed(let failed, let lastError):
                if Task.isShuttingDownGracefully {
                    failuresWhileStopping += 1
                    if failuresWhileStopping >= 3 {
                        logger.notice("stopping with outputs not yet acknowledged; they stay in the outbox and are sent at next start", metadata: [
                            "failed": "\(failed)", "error": "\(lastError)",
                        ])
                        return
                    }
                }
                let delay = backoff.next()
                logger.warning("publishing failed; retrying", metadata: [
                    "failed": "\(failed)", "error": "\(lastError)", "retry_in": "\(delay)",
                ])
                try await Task.sleep(for: delay)
            }
        }
    }

    /// What one ``pass()`` over the outbox came to.
    enum PassOutcome {
        /// Its first read, from the head of the outbox, found nothing.
        case emptied
        /// It sent what it read and every row was acknowledged (or set aside); rows may have
        /// come in, or been skipped, since: the next pass starts from the head again.
        case progressed
        /// Some rows failed; they stay in the outbox.
        case failed(Int, KafkaError)
    }

    /// Reads the outbox from its head, then onward by sequence number, keeping up to
    /// ``depth`` batches with the producer at a time: the next batch is read and enqueued
    /// while the broker acknowledges the previous ones, and each is deleted once
    /// acknowledged. It stops reading on a failure or when the owned partitions change (the
    /// rows of a partition just acquired may lie behind the cursor), and returns once every
    /// batch in flight has settled and, unless it stopped reading, a read found nothing more.
    ///
    /// A row committed with a sequence number below the cursor (a commit that took its numbers
    /// before another's but finished after it) is not lost: it stays in the outbox, and the
    /// next pass, which starts from the head, sends it.
    func pass() async throws -> PassOutcome {
        let owned = partitions()
        var after: Int64?
        var inFlight: [(entries: [OutboxEntry], deliveries: PendingDeliveries)] = []
        var failed = 0
        var lastError: KafkaError?
        // Set on a failure or when the owned partitions change: no more reads this pass.
        var stopReading = false
        while true {
            if !stopReading && inFlight.count < depth {
                let from = after
                let entries = try await StoreRetry(what: "reading the outbox", logger: logger, metrics: metrics).run {
                    try await store.pendingOutbox(partitions: owned, after: from, limit: batchSize)
                }
                if let last = entries.last {
                    after = last.sequence
                    inFlight.append((entries, await producer.enqueue(entries.map(Self.record))))
                    continue
                }
                if from == nil { return .emptied }
            }
            guard let oldest = inFlight.first else { break }
            if wakeOnRing && !stopReading && inFlight.count < depth {
                // Caught up with the outbox: wait for the oldest batch's acknowledgements or a
                // commit's ring, whichever comes first; after a ring, read its rows at once.
                let wakeup = Wakeup()
                oldest.deliveries.whenComplete { wakeup.fire() }
                await doorbell.wakes(wakeup) { await wakeup.wait() }
                if doorbell.take() { continue }
            }
            let (entries, deliveries) = inFlight.removeFirst()
            let (unacknowledged, error) = try await settle(entries, reports: await deliveries.reports())
            if let error {
                failed += unacknowledged
                lastError = error
                stopReading = true
            }
            if partitions() != owned { stopReading = true }
        }
        if let lastError { return .failed(failed, lastError) }
        return .progressed
    }

    /// Handles the reports of one batch: rows Kafka refused for what they are go to the
    /// dead-letter topic, acknowledged rows are deleted from the outbox. Returns how many rows
    /// are still unacknowledged, and the last error among them.
    private func settle(_ entries: [OutboxEntry], reports: [Result<DeliveryReport, KafkaError>]) async throws -> (Int, KafkaError?) {
        var results = reports
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
        return (entries.count - acknowledged.count, lastError)
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
