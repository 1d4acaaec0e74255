import Synchronization

// Counters kept here feed progress lines and readiness; each change is also emitted through
// swift-metrics (`MetricsEmitter`) for Prometheus.

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
        /// True once the processing stage received its first partition assignment and took
        /// ownership in the store (the readiness signal).
        public var partitionsLoaded = false
        /// Inbound partitions owned now.
        public var partitionsOwned = 0
        /// Deadlines computed past a calendar's covered years, by calendar id.
        public var calendarUncovered: [String: Int] = [:]
        /// Why store calls are failing and being retried (a full disk, a read-only file, a
        /// database server out of reach); nil once one succeeds again.
        public var storeFault: String?
        /// Why the last processing poll failed; nil while Kafka answers.
        public var kafkaFailure: String?
        /// Where the processing stage stands in its consumer group.
        public var assignment = Assignment.awaiting
        /// When a broker last answered a metadata request (`KafkaContactProbe`); nil before the first.
        public var lastKafkaContact: ContinuousClock.Instant?
        /// Why the last metadata request failed; nil after a success.
        public var kafkaContactFailure: String?

        /// Total records refused.
        public var deadLetterTotal: Int { deadLetters.values.reduce(0, +) }
        /// Total events applied.
        public var appliedTotal: Int { applied.values.reduce(0, +) }
    }

    /// The processing stage's standing in its consumer group, for readiness.
    public enum Assignment: Sendable, Equatable {
        /// No assignment yet, or every partition was revoked or lost and the group has not
        /// assigned any again: a rebalance or a rejoin after an outage is under way.
        case awaiting
        /// The group's last assignment left this instance without a partition (more members
        /// than partitions): legitimately idle.
        case assignedNone
        /// Owns this many inbound partitions.
        case owns(Int)
    }

    private let state = Mutex(Snapshot())
    private let emitter = MetricsEmitter()
    /// The newest dead letters of this process, for `GET /v1/deadletters`.
    public let recentDeadLetters = DeadLetterRing()

    /// Creates zeroed counters.
    public init() {}

    /// The counters now.
    public func snapshot() -> Snapshot {
        state.withLock { $0 }
    }

    func routed() {
        state.withLock { $0.routed += 1 }
        emitter.recordRouted()
    }

    func deadLettered(code: String) {
        state.withLock { $0.deadLetters[code, default: 0] += 1 }
        emitter.recordDeadLetters([code: 1], stage: "router")
    }

    func published(_ count: Int) {
        state.withLock { $0.outputsPublished += count }
        emitter.recordPublished(count)
    }

    /// The processing stage now owns `owned` partitions; `lagSeconds` per partition read.
    ///
    /// The processor calls this after an assignment (no lag yet), after a revocation (lag 0 for
    /// each partition it gave up) and after each poll (only while it owns some). So a call
    /// that leaves nothing owned and names partitions is a revocation: the instance waits for
    /// the group; one that names none is an assignment that gave it nothing.
    func partitions(owned: Int, lagSeconds: [Int32: Double]) {
        state.withLock {
            $0.partitionsLoaded = true
            $0.partitionsOwned = owned
            $0.assignment = owned > 0 ? .owns(owned) : (lagSeconds.isEmpty ? .assignedNone : .awaiting)
        }
        emitter.recordPartitions(owned: owned, lagSeconds: lagSeconds)
    }

    /// A store call failed with a retriable error (`reason`), or one succeeded after such
    /// failures (nil).
    func storeCall(failure reason: String?) {
        state.withLock { $0.storeFault = reason }
    }

    /// A processing poll failed (`reason`) or succeeded (nil).
    func kafkaPolled(failure reason: String?) {
        state.withLock { $0.kafkaFailure = reason }
    }

    /// A broker answered a metadata request (`failure` nil) or none did.
    func kafkaContact(failure reason: String?, at instant: ContinuousClock.Instant = .now) {
        state.withLock {
            $0.kafkaContactFailure = reason
            if reason == nil { $0.lastKafkaContact = instant }
        }
    }

    /// Store counts, sampled periodically.
    func storeSampled(cases: Int, timers: Int, outbox: Int, bytes: Int64) {
        emitter.recordStore(cases: cases, timers: timers, outbox: outbox, bytes: bytes)
    }

    /// Counts tasks given deadlines past the covered years of `calendars` (one entry per task);
    /// returns the calendars seen for the first time, which the caller warns about once.
    func calendarUncovered(_ calendars: [String]) -> [String] {
        guard !calendars.isEmpty else { return [] }
        let first = state.withLock { s in
            var first: [String] = []
            for calendar in calendars {
                if s.calendarUncovered[calendar] == nil, !first.contains(calendar) { first.append(calendar) }
                s.calendarUncovered[calendar, default: 0] += 1
            }
            return first
        }
        emitter.recordCalendarUncovered(calendars)
        return first
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
                case .refused(let code), .refusedUnread(let code): s.deadLetters[code, default: 0] += 1
                case .timerFired(let lateness):
                    s.timersFired += 1
                    s.maxTimerLatenessMs = max(s.maxTimerLatenessMs, lateness)
                }
            }
        }
        emitter.recordBatch(outcomes: outcomes, outputs: outputs, batchTime: batchTime, commitTime: commitTime)
    }
}
