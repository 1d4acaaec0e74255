import LiaisonStore
import Logging
import ServiceLifecycle

/// Runs a store call again, with backoff, while it fails with a retriable error: the
/// PostgreSQL server restarting or out of reach, a busy SQLite file, a full disk or a file
/// that became read-only. Any other error (a fenced commit, corrupt data) goes through at once.
///
/// While it retries, the daemon takes no new work (the stage waiting on the call waits) and
/// `/readyz` names the fault (``RuntimeMetrics/Snapshot/storeFault``).
///
/// A commit that failed this way may have reached the database before the connection broke;
/// running the same batch again then writes the same states, offsets, timers and metric rows
/// and adds its outputs to the outbox a second time, with the same ids: the at-least-once
/// delivery every output already has. While the daemon is shutting down it gives up after a
/// few attempts, leaving the work to the next start (the store and the uncommitted offsets
/// keep everything).
struct StoreRetry {
    let what: String
    let logger: Logger
    /// Where the fault is recorded for readiness.
    let metrics: RuntimeMetrics

    func run<T>(_ body: () async throws -> T) async throws -> T {
        var backoff = Backoff()
        var failures = 0
        while true {
            do {
                let value = try await body()
                if failures > 0 {
                    metrics.storeCall(failure: nil)
                    logger.notice("the store answers again", metadata: ["doing": "\(what)", "failed_attempts": "\(failures)"])
                }
                return value
            } catch let error as StoreError where error.isRetriable {
                failures += 1
                metrics.storeCall(failure: "\(what): \(error)")
                if Task.isShuttingDownGracefully && failures >= 3 { throw error }
                let delay = backoff.next()
                let message: Logger.Message = error.code == .unwritable
                    ? "the store refuses writes (disk full or read-only); nothing is taken in until it accepts them again"
                    : "the store cannot be reached; retrying"
                logger.warning(message, metadata: [
                    "doing": "\(what)", "error": "\(error)", "attempt": "\(failures)", "retry_in": "\(delay)",
                ])
                try await Task.sleep(for: delay)
            }
        }
    }
}
