import Synchronization

/// Counters of what the daemon did, for progress lines and the operator's view.
public final class RuntimeMetrics: Sendable {
    /// A consistent copy of the counters.
    public struct Snapshot: Sendable, Equatable {
        /// Records forwarded by the router to the inbound topic.
        public var routed = 0
        /// Records refused, by reason code (router and engine).
        public var deadLetters: [String: Int] = [:]
        /// Events applied by the engine, by event type.
        public var applied: [String: Int] = [:]
        /// Events ignored because their id was already applied.
        public var duplicates = 0
        /// Timers fired.
        public var timersFired = 0
        /// Largest timer lateness seen, in milliseconds.
        public var maxTimerLatenessMs: Int64 = 0
        /// Store transactions committed.
        public var batches = 0
        /// Output records written to the outbox.
        public var outputsQueued = 0
        /// Output records acknowledged by the broker.
        public var outputsPublished = 0
        /// Sum of commit latencies, for the mean.
        public var commitTime: Duration = .zero

        /// Total records refused.
        public var deadLetterTotal: Int { deadLetters.values.reduce(0, +) }
        /// Total events applied.
        public var appliedTotal: Int { applied.values.reduce(0, +) }
    }

    private let state = Mutex(Snapshot())

    /// Creates zeroed counters.
    public init() {}

    /// The counters now.
    public func snapshot() -> Snapshot {
        state.withLock { $0 }
    }

    func routed() {
        state.withLock { $0.routed += 1 }
    }

    func deadLettered(code: String) {
        state.withLock { $0.deadLetters[code, default: 0] += 1 }
    }

    func published(_ count: Int) {
        state.withLock { $0.outputsPublished += count }
    }

    func batchCommitted(outcomes: [InputOutcome], outputs: Int, batchTime: Duration, commitTime: Duration) {
        state.withLock { s in
            s.batches += 1
            s.outputsQueued += outputs
            s.commitTime += commitTime
            for outcome in outcomes {
                switch outcome {
                case .applied(let type): s.applied[type, default: 0] += 1
                case .duplicate: s.duplicates += 1
                case .refused(let code): s.deadLetters[code, default: 0] += 1
                case .timerFired(let lateness):
                    s.timersFired += 1
                    s.maxTimerLatenessMs = max(s.maxTimerLatenessMs, lateness)
                }
            }
        }
    }
}
