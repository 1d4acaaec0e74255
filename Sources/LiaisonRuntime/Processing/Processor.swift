import LiaisonCore
import LiaisonKafka
import LiaisonStore
import Logging
import ServiceLifecycle

/// The second stage: owns inbound partitions, applies the engine to their records and due
/// timers, and commits each batch (states, timers, outbox, offsets) in one store transaction.
///
/// Offsets live in the store, not in Kafka: on assignment each partition restarts exactly where
/// its last committed batch ended, so every input changes state once, even across crashes.
public final class Processor: Service {
    private let consumer: any ConsumerEventSource
    let store: any StateStore
    private let engine: Engine
    let ownership: PartitionOwnership
    private let configuration: LiaisonConfiguration
    let doorbell: Doorbell
    let metrics: RuntimeMetrics
    let logger: Logger
    /// Signs the audit checkpoints; nil when `audit.signing` is off.
    private let signingKey: AuditSigningKey?
    /// Judges department records when the stage reads a department topic directly; nil when
    /// it reads the inbound topic, whose records the router judged.
    let intake: DirectIntake?

    /// Creates the stage around a consumer made with ``startOffsets(store:ownership:owner:)``.
    init(
        consumer: any ConsumerEventSource,
        store: any StateStore,
        engine: Engine,
        ownership: PartitionOwnership,
        configuration: LiaisonConfiguration,
        doorbell: Doorbell,
        metrics: RuntimeMetrics,
        signingKey: AuditSigningKey? = nil,
        intake: DirectIntake? = nil,
        logger: Logger
    ) {
        self.signingKey = signingKey
        self.intake = intake
        self.consumer = consumer
        self.store = store
        self.engine = engine
        self.ownership = ownership
        self.configuration = configuration
        self.doorbell = doorbell
        self.metrics = metrics
        self.logger = logger
    }

    /// Performs what ``ProcessorStateMachine`` decides, turn by turn, until a graceful shutdown
    /// or cancellation; the machine holds every choice of order, this the IO.
    public func run() async throws {
        try consumer.subscribe(topics: [configuration.topics.processing])
        var loop = ProcessorStateMachine(batchMaxWait: configuration.processing.batchMaxWait,
                                         timerGrace: configuration.processing.timerGrace,
                                         batchMaxEvents: configuration.processing.batchMaxEvents)
        var cache = StateCache(limit: configuration.processing.stateCacheCases)
        var refusalLog = RefusalLogLimiter(linesPerWindow: Self.refusalLinesPerWindow, window: Self.refusalLogWindow)
        var checkpointer = Checkpointer(store: store, topic: configuration.topics.audit, key: signingKey,
                                        interval: configuration.audit.checkpointInterval, logger: logger, metrics: metrics)
        // The batch whose commit runs while the next one is polled and computed.
        var inFlight: InFlightBatch? = nil
        // What this turn polled and read, and when; the machine counts them, this holds them.
        var records: [InboundRecord] = []
        var timers: [StoredTimer] = []
        var now = Timestamp.now()
        do {
            var action = ProcessorStateMachine.Action.turnEnded
            turns: while true {
                switch action {
                case .turnEnded:
                    let stopping = Task.isShuttingDownGracefully || Task.isCancelled
                    action = stopping ? loop.stop() : loop.turnStarts(now: Timestamp.now().milliseconds)
                case .poll(let timeout):
                    let events = try await pollQuietly(timeout: timeout)
                    RefusalLogLimiter.write(refusalLog.flush(now: Timestamp.now().milliseconds), to: logger, window: Self.refusalLogWindow)
                    if let reason = ownership.failureReason {
                        throw RuntimeError(code: .storeUnavailable, reason: reason)
                    }
                    records = []
                    timers = []
                    var newest: [Int32: Int64] = [:]
                    for event in events {
                        switch event {
                        case .message(let message):
                            records.append(take(message))
                            if let timestamp = message.timestamp { newest[message.partition] = timestamp }
                        case .assigned(let partitions):
                            logger.info("processing partitions assigned", metadata: ["partitions": "\(partitions.map(\.partition))"])
                            metrics.partitions(owned: ownership.partitions.count, lagSeconds: [:])
                        case .revoked(let partitions):
                            var step = loop.revoked(partitions.map(\.partition))
                            if step == .settle {
                                try await settle(&inFlight, cache: &cache, refusalLog: &refusalLog)
                                step = loop.settled()
                            }
                            guard case .releasePartitions(let lost) = step else {
                                preconditionFailure("a revocation led to \(step)")
                            }
                            await release(revoked: lost, cache: &cache)
                        }
                    }
                    let owned = ownership.partitions
                    now = Timestamp.now()
                    recordLag(owned: owned, newest: newest, now: now)
                    action = loop.polled(owned: owned, now: now.milliseconds, records: records.count)
                case .settle:
                    try await settle(&inFlight, cache: &cache, refusalLog: &refusalLog)
                    action = loop.settled()
                case .releasePartitions(let partitions):
                    preconditionFailure("partitions \(partitions) released outside a poll's revocation")
                case .readNextTimerDue(let partitions):
                    action = loop.nextTimerDueRead(try await readNextTimerDue(partitions))
                case .readDueTimers(let partitions, let dueBy, let limit):
                    timers = try await StoreRetry(what: "reading due timers", logger: logger, metrics: metrics).run {
                        try await store.dueTimers(partitions: partitions, dueBy: dueBy, limit: limit)
                    }
                    action = loop.dueTimersRead(count: timers.count)
                case .askCheckpointDue:
                    action = loop.checkpointDue(checkpointer.isDue)
                case .checkpoint:
                    if await checkpointer.checkpointIfDue(ownership.current(), now: now) { doorbell.ring() }
                    action = loop.checkpointed()
                case .process:
                    let scheduled = try await process(records: records, timers: timers, now: now, cache: &cache,
                                                      inFlight: &inFlight, refusalLog: &refusalLog)
                    action = loop.processed(scheduled: scheduled)
                case .finish:
                    break turns
                }
            }
        } catch {
            // A batch still in flight finishes (or fails) before the error stops the daemon.
            if let inFlight { _ = await inFlight.task.result }
            ownership.committing(nil)
            cache.clear()
            throw error
        }
        // A last checkpoint covers what this instance committed since the previous one.
        if await checkpointer.checkpoint(ownership.current(), now: Timestamp.now()) { doorbell.ring() }
        try? await consumer.close()
        let owned = ownership.partitions
        logEnded(ownership.tenures(), why: "stopping")
        try? await store.release(partitions: owned, owner: configuration.instanceID)
        logger.info("processing stopped")
    }

    /// Gives up partitions Kafka revoked, once the batch in flight has settled.
    private func release(revoked lost: [Int32], cache: inout StateCache) async {
        logEnded(ownership.lost(lost), why: "revoked")
        // Another instance may write these cases from now on.
        cache.clear()
        // Their lag is another instance's now: stop showing the last value seen here.
        metrics.partitions(owned: ownership.partitions.count, lagSeconds: Dictionary(uniqueKeysWithValues: lost.map { ($0, 0) }))
        let store = self.store
        let owner = configuration.instanceID
        try? await store.release(partitions: lost, owner: owner)
        logger.info("processing partitions revoked", metadata: ["partitions": "\(lost)"])
    }

    /// At most this many refusal lines per reason code per ``refusalLogWindow``.
    static let refusalLinesPerWindow = 10
    /// The window of the refusal log's rate limit.
    static let refusalLogWindow: Duration = .seconds(10)

    private func readNextTimerDue(_ owned: [Int32]) async throws -> Int64? {
        try await StoreRetry(what: "reading the next timer", logger: logger, metrics: metrics).run {
            try await store.nextTimerDue(partitions: owned)
        }
    }

    /// Applies one batch of records and due timers and starts its commit, after the previous
    /// batch's commit has landed; returns the earliest timer the batch schedules.
    ///
    /// The states the batch reads come from the cache, which already holds what the batch in
    /// flight wrote, or from the store's last committed snapshot for cases that batch did not
    /// touch; a case it deleted is known absent. So applying overlaps the previous commit,
    /// and nothing a batch reads depends on a commit that has not landed, except the metric
    /// rows, which are read after it.
    func process(records: [InboundRecord], timers: [StoredTimer], now: Timestamp, cache: inout StateCache,
                         inFlight: inout InFlightBatch?, refusalLog: inout RefusalLogLimiter) async throws -> Int64? {
        let started = ContinuousClock.now
        let deletedInFlight = inFlight.map { Set($0.builder.deletedCaseIDs) } ?? []
        let ids = Array(Set(records.compactMap { $0.refused == nil ? $0.caseID : nil } + timers.map(\.caseID)))
        var (states, missing) = cache.lookup(ids)
        missing.removeAll { deletedInFlight.contains($0) }
        let encoded = missing.isEmpty ? [:] : try await StoreRetry(what: "reading case states", logger: logger, metrics: metrics).run {
            try await self.store.caseStates(ids: missing)
        }
        for (id, bytes) in encoded {
            do {
                states[id] = try CaseState(decoding: bytes)
            } catch {
                logger.error("stored case state cannot be decoded", metadata: ["case": "\(id)", "error": "\(error)"])
                throw error
            }
        }
        var builder = BatchBuilder(engine: engine, topics: configuration.topics, states: states)
        builder.historyPerCase = configuration.store.historyPerCase
        builder.chained = configuration.audit.chainHistory
        for record in records where ownership.lease(of: record.partition) != nil {
            builder.apply(record, now: now)
        }
        for timer in timers where ownership.lease(of: timer.partition) != nil {
            builder.fire(timer, dueBy: now.milliseconds - configuration.processing.timerGrace.wholeMilliseconds, now: now)
        }
        let touched = builder.touchedPartitions
        let leases = ownership.current().filter { touched.contains($0.partition) }
        var batch = builder.finish(leases: leases)
        if try await settle(&inFlight, cache: &cache, refusalLog: &refusalLog) {
            // The batch in flight was fenced and applied again without the moved partitions:
            // this one was computed on top of states it no longer wrote.
            return try await process(records: records, timers: timers, now: now, cache: &cache,
                                     inFlight: &inFlight, refusalLog: &refusalLog)
        }
        batch.metricContributions = try await metricRows(for: builder.metricChanges)
        // The cache takes the batch's states now, for the next batch computed while this one
        // commits; a commit that fails stops the processor and empties the cache.
        cache.committed(states: builder.changedStates, deleted: builder.deletedCaseIDs)
        let (store, logger, metrics, committed) = (self.store, self.logger, self.metrics, batch)
        // The same batch again after a connection failure: see StoreRetry on what that repeats.
        let task = Task {
            try await StoreRetry(what: "committing a batch", logger: logger, metrics: metrics).run { try await store.commit(committed) }
        }
        ownership.committing(task)
        inFlight = InFlightBatch(task: task, builder: builder, records: records, timers: timers, batch: batch,
                                 started: started, committing: ContinuousClock.now, now: now)
        return batch.scheduledTimers.map(\.due).min()
    }

    /// Publishes how far behind the broker each owned partition is: for partitions read in this
    /// poll, the age of their newest record; an empty poll means every partition caught up.
    private func recordLag(owned: [Int32], newest: [Int32: Int64], now: Timestamp) {
        guard !owned.isEmpty else { return }
        var lag: [Int32: Double] = [:]
        for partition in owned {
            if let timestamp = newest[partition] {
                lag[partition] = Double(max(0, now.milliseconds - timestamp)) / 1000
            } else if newest.isEmpty {
                lag[partition] = 0
            }
        }
        metrics.partitions(owned: owned.count, lagSeconds: lag)
    }

    /// The metric rows a batch writes: the stored rows of its partitions plus its changes.
    /// Read here rather than cached, so that a partition taken over after a rebalance always
    /// continues from what its previous owner committed.
    private func metricRows(for changes: [Int32: [MetricKey: MetricContribution]]) async throws -> [MetricRow] {
        guard !changes.isEmpty else { return [] }
        let partitions = Array(changes.keys)
        // Only the keys the batch changes: a partition also holds a row per key and day.
        let keys = Array(Set(changes.values.flatMap { $0.keys.map(\.description) }))
        let stored = try await StoreRetry(what: "reading metric rows", logger: logger, metrics: metrics).run {
            try await store.metricRows(partitions: partitions, keys: keys)
        }
        let (rows, unreadable) = MetricRows.updated(stored: stored, changes: changes)
        for problem in unreadable {
            logger.error("stored metric row cannot be decoded; its numbers restart", metadata: ["row": "\(problem)"])
        }
        return rows
    }

    /// Polls, logging and backing off on errors instead of failing the daemon.
    private func pollQuietly(timeout: Duration) async throws -> [ConsumerEvent] {
        do {
            let events = try await consumer.poll(maxMessages: configuration.processing.batchMaxEvents, timeout: timeout)
            metrics.kafkaPolled(failure: nil)
            return events
        } catch {
            metrics.kafkaPolled(failure: "\(error)")
            logger.warning("processing poll failed; retrying", metadata: ["error": "\(error)"])
            try await Task.sleep(for: .milliseconds(500))
            return []
        }
    }
}

extension InboundRecord {
    /// Wraps a record read from the inbound topic.
    init(_ message: KafkaMessage) {
        self.init(
            partition: message.partition,
            offset: message.offset,
            caseID: message.key.map { String(decoding: $0, as: UTF8.self) } ?? "",
            headers: message.headers.map { ($0.name, $0.value) },
            value: message.value
        )
    }
}
