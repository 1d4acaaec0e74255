/// Per-unit totals over a simulation run.
public struct UnitSummary: Hashable, Sendable {
    /// The unit.
    public var unit: String
    /// Tasks assigned to it.
    public var tasks = 0
    /// Completions that met the deadline.
    public var onTime = 0
    /// Completions that missed it.
    public var late = 0
    /// Reminders it received.
    public var reminders = 0
    /// Escalations against it.
    public var escalations = 0
    /// Tasks it declined.
    public var declines = 0

    /// Creates an empty summary for `unit`.
    public init(unit: String) { self.unit = unit }

    /// The summary as a JSON object.
    public var json: JSONValue {
        .object([("unit", .string(unit)), ("tasks", .integer(Int64(tasks))), ("onTime", .integer(Int64(onTime))),
                 ("late", .integer(Int64(late))), ("reminders", .integer(Int64(reminders))),
                 ("escalations", .integer(Int64(escalations))), ("declines", .integer(Int64(declines)))])
    }
}
