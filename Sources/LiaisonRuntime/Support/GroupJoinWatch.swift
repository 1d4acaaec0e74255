import Logging
import ServiceLifecycle

/// Logs each wait for the consumer group to hand the processing stage its partitions: at
/// start-up, and again whenever every partition was revoked or lost (a rebalance, a rejoin
/// after an outage). One line when the wait begins, naming what it waits for; one every
/// `every` while it lasts; one when it ends, with the time it took.
struct GroupJoinWatch: Service {
    let metrics: RuntimeMetrics
    let group: String
    /// The consumer's session timeout, which a previous member of this instance (killed
    /// without leaving the group) may hold its partitions for.
    let sessionTimeout: String
    var every: Duration = .seconds(5)
    var tick: Duration = .milliseconds(250)
    /// `dynamic`, or `static (group.instance.id …)`: a static member's restart takes its
    /// partitions back without waiting for the session timeout.
    var membership = "dynamic"
    let logger: Logger

    func run() async throws {
        var waitingSince: ContinuousClock.Instant? = nil
        var lastLine = ContinuousClock.now
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let now = ContinuousClock.now
            let awaiting = metrics.snapshot().assignment == .awaiting
            switch (awaiting, waitingSince) {
            case (true, nil):
                waitingSince = now
                lastLine = now
                logger.info("waiting for the consumer group to assign inbound partitions", metadata: metadata)
            case (true, let since?) where now - lastLine >= every:
                lastLine = now
                logger.info("still waiting for the consumer group to assign inbound partitions",
                            metadata: metadata.merging(["waited": "\(StartupWait.seconds(now - since))"]) { $1 })
            case (false, let since?):
                waitingSince = nil
                logger.info("done waiting for the consumer group", metadata: [
                    "waited": "\(StartupWait.seconds(now - since))", "owned": "\(metrics.snapshot().partitionsOwned)",
                ])
            default:
                break
            }
            try? await cancelWhenGracefulShutdown { [tick] in try await Task.sleep(for: tick) }
        }
    }

    private var metadata: Logger.Metadata {
        ["group": "\(group)", "session_timeout": "\(sessionTimeout)", "membership": "\(membership)",
         "why": "a join takes a few seconds; after a crash the previous member holds its partitions until its session times out"]
    }
}
