/// A durable timer: at `due`, the engine must be woken for `caseID`.
///
/// The store does not interpret the id; the engine chooses ids that say what the timer is for
/// (deadline, reminder mark, escalation step), so that rescheduling the same id replaces it.
public struct StoredTimer: Sendable, Hashable {
    /// Unique id chosen by the engine; scheduling an existing id replaces that timer.
    public var id: String
    /// The partition of the case, so that each instance fires only the timers it owns.
    public var partition: Int32
    /// The case to wake.
    public var caseID: String
    /// When to fire, in milliseconds since the Unix epoch.
    public var due: Int64

    /// Creates a timer row.
    public init(id: String, partition: Int32, caseID: String, due: Int64) {
        self.id = id
        self.partition = partition
        self.caseID = caseID
        self.due = due
    }
}
