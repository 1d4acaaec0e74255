import Synchronization

/// Tells the publisher that there is work: it rings after each commit that put rows in the
/// outbox and when partitions are acquired (rows a crash or the previous owner left).
///
/// Rings do not queue: any number of them while nobody listens count as one. The publisher
/// waits for one between drains (``wait()``), and inside a drain, while it waits for the
/// broker, it can be woken by one too (``wakes(_:)``), so that rows committed meanwhile go out
/// without waiting for those acknowledgements.
public final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var closed = false
        /// The publisher between drains.
        var waiter: CheckedContinuation<Bool, Never>?
        /// The publisher inside a drain, waiting for the broker or a ring.
        var wakeup: Wakeup?
    }

    private let state = Mutex(State())

    /// Creates a doorbell that has not rung.
    public init() {}

    /// Signals new work.
    public func ring() {
        let (waiter, wakeup) = state.withLock { state -> (CheckedContinuation<Bool, Never>?, Wakeup?) in
            if let waiter = state.waiter {
                state.waiter = nil
                return (waiter, nil)
            }
            state.rung = true
            return (nil, state.wakeup)
        }
        waiter?.resume(returning: true)
        wakeup?.fire()
    }

    /// Ends the rings: ``wait()`` returns false once the last ring was taken.
    public func close() {
        let (waiter, wakeup) = state.withLock { state -> (CheckedContinuation<Bool, Never>?, Wakeup?) in
            state.closed = true
            defer { state.waiter = nil }
            return (state.waiter, state.wakeup)
        }
        waiter?.resume(returning: false)
        wakeup?.fire()
    }

    /// Waits for a ring and takes it; returns false once the doorbell is closed and no ring
    /// is left, or when the task is cancelled. For the one listener.
    public func wait() async -> Bool {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let ready = state.withLock { state -> Bool? in
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    if state.closed || Task.isCancelled { return false }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: false)
        }
    }

    /// Takes a ring if there is one, without waiting.
    public func take() -> Bool {
        state.withLock { state in
            defer { state.rung = false }
            return state.rung
        }
    }

    /// While `body` runs, a ring (or closing) fires `wakeup`, at once if one is pending; the
    /// ring stays to be taken with ``take()``.
    func wakes<T>(_ wakeup: Wakeup, _ body: () async throws -> T) async rethrows -> T {
        let pending = state.withLock { state -> Bool in
            state.wakeup = wakeup
            return state.rung || state.closed
        }
        if pending { wakeup.fire() }
        defer { state.withLock { $0.wakeup = nil } }
        return try await body()
    }
}

/// A one-time wake-up that any of several sources may fire; later fires do nothing.
final class Wakeup: Sendable {
    private let state = Mutex<(fired: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    /// Wakes the waiter, now or when it comes.
    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.fired else { return nil }
            state.fired = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once fired.
    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let fired = state.withLock { state -> Bool in
                if !state.fired { state.waiter = continuation }
                return state.fired
            }
            if fired { continuation.resume() }
        }
    }
}
