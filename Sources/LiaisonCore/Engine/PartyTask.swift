/// One unit's duty within a stage visit: assigned → accepted → completed, with deadlines.
public struct PartyTask: Hashable, Sendable {
    /// Where the task is in its life.
    public enum Status: Hashable, Sendable {
        /// Waiting for the unit to accept (or complete).
        case assigned
        /// The unit took it.
        case accepted
        /// The unit said it is not its duty; the lead must reassign.
        case declined
        /// The unit finished with an outcome.
        case completed(TaskOutcome)
        /// The stage ended or the case closed before the unit finished.
        case cancelled
        /// The lead moved it to another unit.
        case reassigned

        /// True while the unit (or, once declined, the lead) still owes something.
        public var isOpen: Bool {
            switch self {
            case .assigned, .accepted, .declined: return true
            case .completed, .cancelled, .reassigned: return false
            }
        }
    }

    /// Which deadline a timer belongs to.
    public enum Deadline: UInt8, Hashable, Sendable {
        /// The accept deadline (`accept_within`).
        case accept = 0
        /// The completion deadline (`complete_within`).
        case complete = 1

        /// The word used in ids and data.
        public var name: String { self == .accept ? "accept" : "complete" }
    }

    /// What a pending timer does when it fires.
    public enum TimerKind: UInt8, Hashable, Sendable {
        /// The deadline itself passes.
        case deadline = 0
        /// A reminder mark (`remind_at`).
        case reminder = 1
        /// An escalation step (`escalate`).
        case escalation = 2

        /// The word used in ids.
        public var name: String {
            switch self {
            case .deadline: return "deadline"
            case .reminder: return "reminder"
            case .escalation: return "escalation"
            }
        }
    }

    /// One pending timer of the task.
    public struct PendingTimer: Hashable, Sendable {
        /// Deadline, reminder or escalation.
        public var kind: TimerKind
        /// Accept or complete.
        public var deadline: Deadline
        /// The percent mark (100 for the deadline itself).
        public var percent: Int
        /// When it fires.
        public var due: Timestamp
    }

    /// The unit that owes the task.
    public var unit: String
    /// Position of the party in the stage's party list (a reassigned task keeps the slot).
    public var slot: Int
    /// 1 for the unit's first task in this stage visit, 2 after it got it back, …
    public var serial: Int
    /// Where the task is.
    public var status: Status
    /// When it was assigned; both deadlines count from here.
    public var assignedAt: Timestamp
    /// Accept deadline, if the stage has one.
    public var acceptBy: Timestamp?
    /// Completion deadline, if the stage has one.
    public var completeBy: Timestamp?
    /// When the unit accepted.
    public var acceptedAt: Timestamp?
    /// When the unit completed.
    public var completedAt: Timestamp?
    /// Set while the clock is stopped (补正).
    public var pausedAt: Timestamp?
    /// Timers not yet fired, in due order.
    public var timers: [PendingTimer]

    /// True when the unit has accepted (or completed).
    public var isAccepted: Bool {
        switch status {
        case .accepted, .completed: return true
        default: return acceptedAt != nil
        }
    }
}
