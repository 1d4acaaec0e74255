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
    /// Set when the input was refused: then nothing is sent or scheduled, and `state`, when
    /// the case exists, is the unchanged case that now remembers the refused event. Also set by
    /// an inbox-expiry timer: then `state` is the inbox without the event, and `refusal.event`
    /// is the expired event to dead-letter.
    public var refusal: Refusal?
    /// Inbox events replayed when their case opened but refused then; dead-letter each.
    public var replayRefusals: [Refusal]
    /// Counter and duration changes for the metrics room.
    public var metrics: [MetricDelta]
    /// True when the input was an event id already applied (or waiting) for this case: nothing
    /// changes, the record is simply consumed.
    public var duplicate = false
    /// The calendar of every task whose deadlines, set in this step, reach beyond the calendar's
    /// covered years (one entry per task): they were computed with the working week alone, and
    /// the output says `calendarCovered: false`.
    /// The daemon warns once per calendar and counts `liaison_calendar_uncovered_total`.
    public var uncoveredCalendars: [String] = []
    /// True when the case row should be deleted: an inbox whose last waiting event expired
    /// before the case opened. `state` then holds the empty inbox, which is not stored.
    public var deletesCase = false

    /// A transition that changes nothing.
    public static let nothing = Transition(state: nil, outputs: [], schedule: [], cancel: [], refusal: nil, replayRefusals: [], metrics: [])

    /// A refusal that changes nothing.
    public static func refused(_ refusal: Refusal) -> Transition {
        var transition = nothing
        transition.refusal = refusal
        return transition
    }

    /// A duplicate event: nothing changes.
    public static let duplicateEvent: Transition = {
        var transition = nothing
        transition.duplicate = true
        return transition
    }()
}
