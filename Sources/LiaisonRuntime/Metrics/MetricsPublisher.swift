import LiaisonCore
import LiaisonStore
import Logging
import ServiceLifecycle

/// Publishes, every `metrics.interval`, one `liaison.metrics` record per unit and per workflow
/// with the numbers of the whole cluster.
///
/// Each instance's processor keeps only its own partitions' contributions up to date (in the
/// store, with the state that produced them); this service reads the rows of *all* partitions
/// from the shared store and merges them per key. Only the instance that owns inbound
/// partition 0 speaks, so the cluster publishes one snapshot per interval however many
/// instances run; its lease on partition 0 goes into the commit, so an instance that just lost
/// partition 0 is fenced instead of publishing a second, competing snapshot.
///
/// The records go through the outbox rather than straight to the producer: the publisher is the
/// one path to Kafka (idempotent producer, retries, acknowledgements, the observer hook), and a
/// snapshot taken while Kafka is away is sent once it is back instead of being lost.
final class MetricsPublisher: Service {
    private let store: any StateStore
    private let ownership: PartitionOwnership
    private let configuration: LiaisonConfiguration
    private let inboundPartitions: Int32
    private let doorbell: Doorbell
    private let logger: Logger
    private let feed: CockpitFeed?
    /// Whose zone says what "today" is for the windows (``WorkflowCatalog/windowCalendar``).
    private let windowCalendar: BusinessCalendar

    /// Creates the service; it does nothing until `run`, and nothing at all when the interval is 0.
    /// `inboundPartitions` is the inbound topic's partition count: the rows of each are merged.
    /// `feed` is told every snapshot published (the cockpit page shows it).
    init(store: any StateStore, ownership: PartitionOwnership, configuration: LiaisonConfiguration,
         inboundPartitions: Int32, doorbell: Doorbell, logger: Logger, feed: CockpitFeed? = nil,
         windowCalendar: BusinessCalendar = .alwaysOpen) {
        self.feed = feed
        self.windowCalendar = windowCalendar
        self.store = store
        self.ownership = ownership
        self.configuration = configuration
        self.inboundPartitions = inboundPartitions
        self.doorbell = doorbell
        self.logger = logger
    }

    func run() async throws {
        let interval = configuration.metrics.interval
        guard interval > .zero else {
            // Off: stay up until shutdown, since a service that returns stops the whole daemon.
            try? await gracefulShutdown()
            return
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { break }
            do {
                try await publish(at: Timestamp.now())
            } catch {
                logger.warning("metrics snapshot not published; next interval tries again", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Queues one snapshot of every key if this instance owns partition 0; returns how many
    /// records it queued.
    @discardableResult
    func publish(at now: Timestamp) async throws -> Int {
        guard let lease = ownership.lease(of: 0) else { return 0 }
        let partitions = Array(Set((0..<inboundPartitions).map { $0 } + ownership.partitions)).sorted()
        let rows = try await store.metricRows(partitions: partitions)
        let (numbers, unreadable) = MetricRows.merged(rows)
        for problem in unreadable {
            logger.error("metric row left out of the snapshot", metadata: ["row": "\(problem)"])
        }
        // The totals and today's windows, built from the daily rows; older daily rows stay in
        // the store (see MetricWindows.daysKept) but are not published again.
        let published = MetricWindows.published(numbers, today: String(windowCalendar.localRFC3339(of: now).prefix(10)))
        let messages = MetricRows.snapshot(published, at: now, topics: configuration.topics)
        guard !messages.isEmpty else { return 0 }
        let batch = StoreBatch(leases: [lease], outbox: messages)
        try await store.commit(batch)
        feed?.publish(published.keys.sorted().compactMap { key in published[key].map { MetricSnapshot(key: key, at: now, numbers: $0) } },
                      days: CockpitFeed.workflowDays(numbers))
        doorbell.ring()
        return messages.count
    }
}
