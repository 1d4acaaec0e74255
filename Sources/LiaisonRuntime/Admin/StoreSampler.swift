import LiaisonStore
import Logging
import ServiceLifecycle

/// Reads the store's counts (cases, pending timers, outbox depth, bytes on disk) every few
/// seconds and hands them to the metrics, so that `/metrics` shows them without each scrape
/// touching the store.
struct StoreSampler: Service {
    let store: any StateStore
    let metrics: RuntimeMetrics
    let interval: Duration
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let statistics = try await store.statistics()
                metrics.storeSampled(cases: statistics.cases, timers: statistics.timers,
                                     outbox: statistics.outboxDepth, bytes: statistics.bytesOnDisk)
            } catch {
                logger.warning("store statistics cannot be read", metadata: ["error": "\(error)"])
            }
            // Ends the wait at once on shutdown instead of holding the daemon up to `interval`.
            try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
        }
    }
}
