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

    /// An event already decided for this case (applied or refused), by sender and id: delivered
    /// again, it changes nothing. Two units may use the same id.
    public struct SeenEvent: Hashable, Sendable {
        /// The sending unit; empty for ids remembered by format 1, which kept no sender (such
        /// an id matches a repeat from any sender).
        public var unit: String
        /// The event id.
        public var id: String

        /// Creates an entry.
        public init(unit: String, id: String) {
            self.unit = unit
            self.id = id
        }
    }

    /// One unit's rating of another party's cooperation on this case; a later rating by the same
    /// rater of the same unit replaces it.
    public struct Rating: Hashable, Sendable {
        /// The rating unit.
        public var rater: String
        /// The rated unit.
        public var rated: String
        /// The score, 1–5.
        public var score: Int

        /// Creates a rating.
        public init(rater: String, rated: String, score: Int) {
            self.rater = rater
            self.rated = rated
            self.score = score
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
    /// The unit whose `gov.case.opened` opened the case (首接); it may withdraw the case.
    public var openedBy: String
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
    /// Events already decided, applied or refused, the newest last; bounded per sender (see
    /// ``EngineSettings/seenEventsPerUnit``).
    public var seenEvents: [SeenEvent]
    /// Events waiting for the case to open.
    public var inbox: [ParkedEvent]
    /// Ratings given on this case, one per (rater, rated) pair.
    public var ratings: [Rating]
    /// Where the case's audit chain ends (``AuditChain``); nil before its first history entry
    /// and in states written before the chain existed. The engine never reads or changes it:
    /// the runtime links each history entry on from it.
    public var chain: ChainHead? = nil

    /// An empty inbox for `caseID`.
    public init(inboxFor caseID: String) {
        self.caseID = caseID
        status = .inbox
        workflowID = ""
        version = 0
        lead = ""
        openedBy = ""
        openedAt = Timestamp(milliseconds: 0)
        stageIndex = 0
        stageID = ""
        stageVisits = []
        stageParties = []
        tasks = []
        seenEvents = []
        inbox = []
        ratings = []
    }

    /// True when `event` (by sender and id) was already decided or is waiting in the inbox.
    public func hasSeen(_ event: CloudEvent) -> Bool {
        seenEvents.contains { $0.id == event.id && ($0.unit == event.unit || $0.unit.isEmpty) }
            || inbox.contains { $0.event.id == event.id && $0.event.unit == event.unit }
    }

    /// Remembers `event` as decided, dropping the sender's oldest entry beyond `limit`: one
    /// sender can never grow a case's memory past its own share.
    public mutating func remember(_ event: CloudEvent, limit: Int) {
        seenEvents.append(SeenEvent(unit: event.unit, id: event.id))
        var count = 0
        for entry in seenEvents where entry.unit == event.unit { count += 1 }
        if count > max(1, limit), let oldest = seenEvents.firstIndex(where: { $0.unit == event.unit }) {
            seenEvents.remove(at: oldest)
        }
    }

    /// Every unit with a part in the case: the lead and each stage's parties.
    public var parties: Set<String> {
        var units: Set<String> = lead.isEmpty ? [] : [lead]
        for stage in stageParties { units.formUnion(stage) }
        for task in tasks { units.insert(task.unit) }
        return units
    }

    /// The `id` part naming the current stage visit: `review`, or `review@2` when re-entered.
    var stageLabel: String {
        let visit = stageVisit
        return visit > 1 ? "\(stageID)@\(visit)" : stageID
    }

    /// How many times the case has entered its current stage (1 the first time).
    var stageVisit: Int {
        stageVisits.indices.contains(stageIndex) ? stageVisits[stageIndex] : 1
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
        for parked in inbox { entries.append(TimerEntry(id: inboxTimerID(parked.event), caseID: caseID, due: parked.expires)) }
        return entries.sorted()
    }

    /// When the first of ``pendingTimers`` falls due, without building their ids.
    public var earliestPendingDue: Timestamp? {
        var earliest: Timestamp?
        for task in tasks where task.pausedAt == nil {
            for timer in task.timers where earliest.map({ timer.due < $0 }) ?? true { earliest = timer.due }
        }
        for parked in inbox where earliest.map({ parked.expires < $0 }) ?? true { earliest = parked.expires }
        return earliest
    }

    /// The id of the expiry timer of a parked event. Events of different senders may share an
    /// id, so the sender is part of it (format 1 inboxes had no sender in it: see
    /// ``legacyInboxTimerID(_:)``).
    func inboxTimerID(_ event: CloudEvent) -> String { "\(caseID)/inbox/\(event.unit)/\(event.id)" }

    /// The expiry timer id a format 1 store used for a parked event; still matched when such a
    /// timer fires, and cancelled with the current one.
    func legacyInboxTimerID(_ event: CloudEvent) -> String { "\(caseID)/inbox/\(event.id)" }
}
