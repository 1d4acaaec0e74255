import LiaisonStore
import Synchronization

extension PostgresStore {
    /// Runs `body`, failing it as `unavailable` when it takes longer than ``callTimeout`` (a
    /// server that went away leaves connection requests waiting otherwise). A write cut off
    /// this way may or may not have committed; the caller treats it as failed, which the
    /// runtime's at-least-once rules allow (outputs keep their ids).
    ///
    /// The body runs in a task of its own that is cancelled and left behind at the deadline,
    /// not awaited: postgres-nio 1.33.2 never answers a statement sent on a connection the
    /// server has already closed (as it does to a transaction left idle past
    /// `idle_in_transaction_session_timeout` by a client that was stopped), and awaiting such
    /// a body would hang the caller for good.
    func withDeadline<T: Sendable>(_ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let timeout = callTimeout
        let outcome = FirstOutcome<T>()
        let work = Task {
            do {
                outcome.settle(.success(try await body()))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        let timer = Task {
            try await Task.sleep(for: timeout)
            outcome.settle(.failure(StoreError(code: .unavailable, reason: "\(what): no answer from PostgreSQL within \(timeout)")))
        }
        defer {
            timer.cancel()
            work.cancel()
        }
        return try await withTaskCancellationHandler {
            try await outcome.result().get()
        } onCancel: {
            work.cancel()
        }
    }
}

/// The first of several results, handed to one waiter; later ones are dropped.
private final class FirstOutcome<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<Result<T, any Error>, Never>?
    }

    private let state = Mutex(State())

    /// Records `result` unless one was recorded already, and wakes the waiter.
    func settle(_ result: Result<T, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<Result<T, any Error>, Never>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: result)
    }

    /// Waits for the first result.
    func result() async -> Result<T, any Error> {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Result<T, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
