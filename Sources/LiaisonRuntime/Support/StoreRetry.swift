import LiaisonStore
import Logging
import ServiceLifecycle

/// Runs a store call again, with backoff, while it fails with a retriable error: the
/// PostgreSQL server restarting or out of reach, a busy SQLite file. Any other error (a fenced
/// commit, corrupt data) goes through at once.
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

    func run<T>(_ body: () async throws -> T) async throws -> T {
        var backoff = Backoff()
        var failures = 0
        while true {
            do {
                let value = try await body()
                if failures > 0 {
                    logger.notice("the store answers again", metadata: ["doing": "\(what)", "failed_attempts": "\(failures)"])
                }
                return value
            } catch let error as StoreError where error.isRetriable {
                failures += 1
                if Task.isShuttingDownGracefully && failures >= 3 { throw error }
                let delay = backoff.next()
                logger.warning("the store cannot be reached; retrying", metadata: [
                    "doing": "\(what)", "error": "\(error)", "attempt": "\(failures)", "retry_in": "\(delay)",
                ])
                try await Task.sleep(for: delay)
            }
        }
    }
}
