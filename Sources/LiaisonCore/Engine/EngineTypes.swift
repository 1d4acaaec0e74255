/// What the engine is asked to process: an inbound event or a timer that came due.
public enum EngineInput: Hashable, Sendable {
    /// A decoded inbound CloudEvent.
    case event(CloudEvent)
    /// A timer the engine scheduled earlier, now due.
    case timer(id: String, due: Timestamp)
}

/// Limits the engine applies; plain data with defaults so the daemon can configure them.
public struct EngineSettings: Hashable, Sendable {
    /// How long an event for a case that does not exist yet waits in the case inbox (default 24 h).
    public var inboxTTL: Duration
    /// How far an event's `time` may lie ahead of the engine's `now` (default 5 min).
    public var maxFutureSkew: Duration
    /// Most events one case inbox holds; more are refused (`inbox-full`).
    public var inboxLimit: Int

    /// Creates settings; every parameter has the documented default.
    public init(inboxTTL: Duration = .seconds(24 * 3600), maxFutureSkew: Duration = .seconds(300), inboxLimit: Int = 64) {
        self.inboxTTL = inboxTTL
        self.maxFutureSkew = maxFutureSkew
        self.inboxLimit = inboxLimit
    }
}

extension Duration {
    /// Whole milliseconds in this duration.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}

/// A timer to store: fire `.timer(id:due:)` for case `caseID` at `due`.
///
/// Ids are deterministic (`<case>/<stage>/<unit>/reminder/complete/80`); scheduling an id that is
/// already pending replaces it.
public struct TimerEntry: Hashable, Sendable, Comparable {
    /// Deterministic timer id.
    public var id: String
    /// The case whose state the timer acts on (the partition key).
    public var caseID: String
    /// When it fires.
    public var due: Timestamp

    /// Creates a timer entry.
    public init(id: String, caseID: String, due: Timestamp) {
        self.id = id
        self.caseID = caseID
        self.due = due
    }

    /// Orders by due time, then id, so firing order is deterministic.
    public static func < (lhs: TimerEntry, rhs: TimerEntry) -> Bool {
        (lhs.due, lhs.id) < (rhs.due, rhs.id)
    }
}

/// Why the engine refused an input; the case is unchanged and the record goes to dead letter.
public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable code for a dead-letter header (`not-a-party`, `case-closed`, `inbox-expired` …).
    public var code: String
    /// A sentence naming what did not fit.
    public var reason: String
    /// The refused event when it is not the input itself (an expired or replayed inbox event).
    public var event: CloudEvent?

    /// Creates a refusal.
    public init(code: String, reason: String, event: CloudEvent? = nil) {
        self.code = code
        self.reason = reason
        self.event = event
    }

    public var description: String { "\(code): \(reason)" }
}

/// The result of one engine step: everything the caller must store and send, atomically.
public struct Transition: Hashable, Sendable {
    /// The case's new state; nil = unchanged (or still none).
    public var state: CaseState?
    /// Messages to publish (outbox), in order.
    public var outputs: [OutboundMessage]
    /// Timers to store (replacing a pending timer with the same id); apply after `cancel`.
    public var schedule: [TimerEntry]
    /// Ids of pending timers to delete; apply before `schedule`.
    public var cancel: [String]
    /// Set when the input was refused; then `state` is nil and nothing else is set.
    public var refusal: Refusal?
    /// Inbox events replayed when their case opened but refused then; dead-letter each.
    public var replayRefusals: [Refusal]
    /// Counter and duration changes for the metrics room.
    public var metrics: [MetricDelta]

    /// A transition that changes nothing.
    public static let nothing = Transition(state: nil, outputs: [], schedule: [], cancel: [], refusal: nil, replayRefusals: [], metrics: [])

    /// A refusal that changes nothing.
    public static func refused(_ refusal: Refusal) -> Transition {
        var transition = nothing
        transition.refusal = refusal
        return transition
    }
}
