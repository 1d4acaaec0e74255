/// Everything the engine remembers about one case, between two steps.
///
/// A state with no workflow is an inbox: events that arrived before their case opened.
public struct CaseState: Hashable, Sendable {
    /// Where the case is in its life.
    public enum Status: Hashable, Sendable {
        /// Only parked events; no `gov.case.opened` yet.
        case inbox
        /// Running.
        case open
        /// Finished at `end` with the last stage's outcome.
        case closed(StageOutcome)
        /// The applicant withdrew.
        case withdrawn

        /// True once nothing more can happen to the case.
        public var isClosed: Bool {
            switch self {
            case .closed, .withdrawn: return true
            case .inbox, .open: return false
            }
        }
    }

    /// An event waiting for its case to open.
    public struct ParkedEvent: Hashable, Sendable {
        /// The event.
        public var event: CloudEvent
        /// When it expires (refused `inbox-expired`).
        public var expires: Timestamp
    }

    /// The case id.
    public var caseID: String
    /// Where the case is.
    public var status: Status
    /// The workflow id ("" while an inbox).
    public var workflowID: String
    /// The workflow version the case keeps.
    public var version: Int
    /// The lead unit.
    public var lead: String
    /// When the case opened.
    public var openedAt: Timestamp
    /// Index of the current stage.
    public var stageIndex: Int
    /// Id of the current stage.
    public var stageID: String
    /// How many times each stage was entered (ids of a re-entered stage carry `@n`).
    public var stageVisits: [Int]
    /// Parties of each stage, resolved when the case opened (reassignment updates them).
    public var stageParties: [[String]]
    /// Tasks of the current stage visit.
    public var tasks: [PartyTask]
    /// Event ids already applied (duplicates change nothing).
    public var seenEventIDs: [String]
    /// Events waiting for the case to open.
    public var inbox: [ParkedEvent]

    /// An empty inbox for `caseID`.
    public init(inboxFor caseID: String) {
        self.caseID = caseID
        status = .inbox
        workflowID = ""
        version = 0
        lead = ""
        openedAt = Timestamp(milliseconds: 0)
        stageIndex = 0
        stageID = ""
        stageVisits = []
        stageParties = []
        tasks = []
        seenEventIDs = []
        inbox = []
    }

    /// The `id` part naming the current stage visit: `review`, or `review@2` when re-entered.
    var stageLabel: String {
        let visit = stageVisits.indices.contains(stageIndex) ? stageVisits[stageIndex] : 1
        return visit > 1 ? "\(stageID)@\(visit)" : stageID
    }


    /// The id prefix of a task: `<case>/<stage>/<unit>` (plus `#n` for the n-th time).
    func taskPrefix(_ task: PartyTask) -> String {
        let base = "\(caseID)/\(stageLabel)/\(task.unit)"
        return task.serial > 1 ? "\(base)#\(task.serial)" : base
    }

    /// The deterministic id of a task timer.
    func timerID(_ task: PartyTask, _ timer: PartyTask.PendingTimer) -> String {
        switch timer.kind {
        case .deadline: return "\(taskPrefix(task))/deadline/\(timer.deadline.name)"
        case .reminder, .escalation: return "\(taskPrefix(task))/\(timer.kind.name)/\(timer.deadline.name)/\(timer.percent)"
        }
    }

    /// Every timer the case has pending (task timers and inbox expiries), in due order.
    public var pendingTimers: [TimerEntry] {
        var entries: [TimerEntry] = []
        for task in tasks where task.pausedAt == nil {
            for timer in task.timers { entries.append(TimerEntry(id: timerID(task, timer), caseID: caseID, due: timer.due)) }
        }
        for parked in inbox { entries.append(TimerEntry(id: inboxTimerID(parked.event.id), caseID: caseID, due: parked.expires)) }
        return entries.sorted()
    }

    /// The id of the expiry timer of a parked event.
    func inboxTimerID(_ eventID: String) -> String { "\(caseID)/inbox/\(eventID)" }
}
