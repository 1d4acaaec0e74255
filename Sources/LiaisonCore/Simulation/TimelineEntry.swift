/// One line of a simulation timeline: when, which case and unit, what happened.
public struct TimelineEntry: Hashable, Sendable {
    /// What kind of happening a line shows.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A case opened.
        case opened
        /// A case entered a stage.
        case stage
        /// A task was assigned.
        case assigned
        /// A unit accepted.
        case accepted
        /// A unit completed.
        case completed
        /// A unit declined.
        case declined
        /// The lead reassigned a task.
        case reassigned
        /// A task was cancelled.
        case cancelled
        /// A task's clock stopped.
        case paused
        /// A task's clock started again.
        case resumed
        /// A deadline passed unmet.
        case overdue
        /// A reminder went out.
        case reminded
        /// An escalation went out.
        case escalated
        /// A case closed.
        case closed
        /// An event waits for its case to open.
        case waiting
        /// An event already applied (same sender and id) came again and changed nothing.
        case duplicate
        /// A unit's cooperation was rated (the rater is not shown).
        case rated
        /// An input was refused.
        case refused
        /// A line of the event file could not be decoded.
        case malformed
    }

    /// The instant.
    public var time: Timestamp
    /// The instant as local wall-clock time in the case's calendar zone.
    public var localTime: LocalTime
    /// The case id ("-" when unknown).
    public var caseID: String
    /// The unit concerned, if any.
    public var unit: String?
    /// What happened.
    public var kind: Kind
    /// Details for humans, as a catalogue message.
    public var message: SimulationMessage

    /// Creates an entry.
    public init(time: Timestamp, localTime: LocalTime, caseID: String, unit: String?, kind: Kind, message: SimulationMessage) {
        self.time = time
        self.localTime = localTime
        self.caseID = caseID
        self.unit = unit
        self.kind = kind
        self.message = message
    }

    /// The local time as English text (`2026-03-02 09:30 Mon`).
    public var local: String { localTime.text(.english) }
    /// The details in English.
    public var detail: String { message.text(.english) }

    /// The entry as a JSON object, for `--format json`, with English texts.
    public var json: JSONValue { json(.english) }

    /// The entry as a JSON object: keys, `time` and `event` (the kind) are fixed; `local` and
    /// `detail` are in `language`.
    public func json(_ language: Language) -> JSONValue {
        .object([("time", .string(time.rfc3339)), ("local", .string(localTime.text(language))), ("case", .string(caseID)),
                 ("unit", unit.map(JSONValue.string) ?? .null), ("event", .string(kind.rawValue)), ("detail", .string(message.text(language)))])
    }
}
