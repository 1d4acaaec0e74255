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
