import Synchronization

/// A clock that moves only when told to, and counts how often it was read.
final class ManualClock: Clock, Sendable {
    /// A point on the manual clock: the time since it was created.
    struct Instant: InstantProtocol {
        var sinceStart: Duration

        func advanced(by duration: Duration) -> Instant { Instant(sinceStart: sinceStart + duration) }
        func duration(to other: Instant) -> Duration { other.sinceStart - sinceStart }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.sinceStart < rhs.sinceStart }
    }

    private let state = Mutex((now: Instant(sinceStart: .zero), reads: 0))

    var now: Instant {
        state.withLock { state in
            state.reads += 1
            return state.now
        }
    }

    var minimumResolution: Duration { .nanoseconds(1) }

    /// How many times `now` was read.
    var reads: Int { state.withLock { $0.reads } }

    /// Moves the clock forward by `duration`.
    func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now.advanced(by: duration) }
    }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        state.withLock { state in state.now = max(state.now, deadline) }
    }
}
