/// One change to a metric, per unit or per workflow; plain data for the metrics room.
public struct MetricDelta: Hashable, Sendable {
    /// What the metric is about.
    public enum Scope: Hashable, Sendable {
        /// A unit (department).
        case unit(String)
        /// A workflow id.
        case workflow(String)
    }

    /// Which metric changes.
    public enum Name: String, Hashable, Sendable, CaseIterable {
        /// A task was assigned (counter).
        case assigned
        /// A task was accepted (counter).
        case accepted
        /// A task was completed (counter).
        case completed
        /// A completion met its deadline (counter).
        case completedOnTime = "completed_on_time"
        /// A completion missed its deadline (counter).
        case completedLate = "completed_late"
        /// A reminder was sent to the unit (counter).
        case reminders
        /// The unit was escalated as late (counter).
        case escalations
        /// The unit declined a task (counter, 推诿 signal).
        case declines
        /// A task was moved away from the unit (counter).
        case reassignments
        /// A cooperation rating the unit received: value = score 1–5 (sum; count = deltas); a
        /// negative value −s withdraws an earlier score s that its rater replaced.
        case rating
        /// Milliseconds from assignment to acceptance (distribution sample).
        case acceptMilliseconds = "accept_ms"
        /// Milliseconds from assignment to completion (distribution sample).
        case completionMilliseconds = "completion_ms"
        /// Working milliseconds (the workflow's calendar) from assignment to acceptance (sample).
        case acceptWorkingMilliseconds = "accept_working_ms"
        /// Working milliseconds from assignment to completion (sample).
        case completionWorkingMilliseconds = "completion_working_ms"
        /// The unit declined a task suggesting the unit in `detail` (counter; the 推诿 map).
        case declinedTo = "declined_to"
        /// An escalation at the ladder level in `detail` named the unit late (counter).
        case escalationLevel = "escalation_level"
        /// An escalation about the unit went to the unit in `detail` (counter).
        case escalationTarget = "escalation_target"
        /// A task of the stage in `detail` was completed (counter; where the time goes).
        case stageCompletions = "stage_completions"
        /// Working milliseconds from assignment to completion of a task of the stage in `detail` (sum).
        case stageWorkingMilliseconds = "stage_working_ms"
        /// A task of the workflow in `detail` was assigned to the unit (counter; unit × workflow).
        case assignedIn = "assigned_in"
        /// The unit completed a task of the workflow in `detail` (counter).
        case completedIn = "completed_in"
        /// … on time (counter).
        case completedOnTimeIn = "completed_on_time_in"
        /// … late (counter).
        case completedLateIn = "completed_late_in"

        /// True for the counters kept by `detail` (``MetricContribution/breakdowns``).
        public var isBreakdown: Bool {
            switch self {
            case .declinedTo, .escalationLevel, .escalationTarget, .stageCompletions, .stageWorkingMilliseconds,
                 .assignedIn, .completedIn, .completedOnTimeIn, .completedLateIn:
                return true
            default:
                return false
            }
        }
        /// A case opened (workflow scope only).
        case casesOpened = "cases_opened"
        /// A case closed (workflow scope only).
        case casesClosed = "cases_closed"
        /// Change in the number of open tasks (gauge delta, ±n): assigned, declined and accepted
        /// tasks are open; completing, cancelling (stage end, withdrawal) or reassigning closes one.
        case openTasks = "open"
        /// Change in the number of overdue tasks (gauge delta, ±n): an open task whose owed act
        /// (acceptance, or completion once accepted) is past its deadline.
        case overdueTasks = "overdue"
    }

    /// Unit or workflow.
    public var scope: Scope
    /// The metric.
    public var name: Name
    /// Counter increment (1) or sample value (milliseconds, score).
    public var value: Int64
    /// For a breakdown counter (`declinedTo`, `escalationLevel`, `escalationTarget`): what it
    /// is broken down by (a unit id, a level); nil otherwise.
    public var detail: String?
    /// The calendar-local day (`YYYY-MM-DD`, the workflow calendar's zone) of the act counted,
    /// for the daily windows; nil for the open and overdue gauges, which have no window.
    public var day: String?

    /// Creates a delta.
    public init(scope: Scope, name: Name, value: Int64 = 1, detail: String? = nil, day: String? = nil) {
        self.scope = scope
        self.name = name
        self.value = value
        self.detail = detail
        self.day = day
    }
}
