import Dispatch
import Foundation
import LiaisonCore
import Logging
import ServiceLifecycle
import Synchronization

/// Bounds a graceful shutdown: started last in the service group, it is the first told of the
/// shutdown, notes when it began and arms a watchdog that ends the process with
/// `Daemon.shutdownTimedOutStatus` once `timeout` has passed.
///
/// The service group itself escalates to task cancellation a little earlier
/// (`gracefulPart`); the watchdog is for what cancellation cannot interrupt, such as a send
/// waiting for a broker that is down. Ending there loses nothing: the store keeps every
/// committed batch and the outbox, and the offsets of uncommitted input stay uncommitted.
/// The watchdog runs on a Dispatch queue, outside the cooperative pool, so that it fires even
/// when every task is stuck.
final class ShutdownDeadline: Service, Sendable {
    let timeout: Duration
    private let logger: Logger
    private let began = Mutex<ContinuousClock.Instant?>(nil)
    private let disarmed = Mutex(false)

    init(timeout: Duration, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    /// How long the services may take to stop on their own before the group cancels them:
    /// the bound less a margin for cancellation and the final flush.
    var gracefulPart: Duration {
        timeout - min(.seconds(3), timeout / 5)
    }

    func run() async throws {
        // Returns when the graceful shutdown begins; throws if the group is cancelled instead.
        guard (try? await gracefulShutdown()) != nil else { return }
        began.withLock { $0 = .now }
        logger.info("shutting down", metadata: ["bound": "\(timeout)", "config": "shutdown.timeout"])
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.wholeMilliseconds))) { [self] in
            guard !disarmed.withLock({ $0 }) else { return }
            logger.critical("graceful shutdown did not finish within shutdown.timeout; exiting with status \(Daemon.shutdownTimedOutStatus). The store and the uncommitted offsets keep everything for the next start.",
                            metadata: ["bound": "\(timeout)"])
            exit(Daemon.shutdownTimedOutStatus)
        }
    }

    /// Time left before the bound, or `timeout` when no shutdown has begun.
    var remaining: Duration {
        guard let began = began.withLock({ $0 }) else { return timeout }
        return max(.zero, timeout - (ContinuousClock.now - began))
    }

    /// True when the services were still running when the graceful part ran out.
    var overran: Bool {
        guard let began = began.withLock({ $0 }) else { return false }
        return ContinuousClock.now - began >= gracefulPart
    }

    /// Stops the watchdog once the daemon has returned.
    func disarm() {
        disarmed.withLock { $0 = true }
    }
}
