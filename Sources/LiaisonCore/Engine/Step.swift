/// One engine step in progress: the case state being changed and everything the change emits.
///
/// Handlers mutate it and throw a `Refusal` when the input does not fit; the engine then
/// discards the step, so a refusal never leaves a half-changed case.
struct Step {
    var state: CaseState
    let workflow: Workflow
    /// The unit registry, when the definitions have one; reassignment targets must be in it.
    let units: UnitRegistry?
    var outputs: [OutboundMessage] = []
    var schedule: [TimerEntry] = []
    var cancel: [String] = []
    var metrics: [MetricDelta] = []
    /// Tasks whose deadlines, set in this step, reach outside the calendar's covered years.
    var uncoveredTasks = 0
    /// The tasks before this step, to derive the open and overdue gauge deltas at the end.
    let tasksBefore: [PartyTask]
    /// When the act being applied happened (the event's time, the timer's due time): its
    /// calendar-local day dates the metric deltas counted for it (the daily windows).
    var time: Timestamp?
    /// The calendar whose zone dates those days (``WorkflowCatalog/windowCalendar``); the
    /// workflow's own when not set.
    var dayCalendar: BusinessCalendar?

    init(state: CaseState, workflow: Workflow, units: UnitRegistry? = nil) {
        self.state = state
        self.workflow = workflow
        self.units = units
        self.tasksBefore = state.tasks
    }

    var calendar: BusinessCalendar { workflow.calendar }
    var stage: Stage { workflow.stages[state.stageIndex] }
    var caseID: String { state.caseID }

    /// The finished transition.
    func transition() -> Transition {
        Transition(state: state, outputs: outputs, schedule: schedule.sorted(), cancel: cancel,
                   refusal: nil, replayRefusals: [], metrics: metrics + gaugeDeltas(),
                   uncoveredCalendars: Array(repeating: calendar.id, count: uncoveredTasks))
    }

    /// Queues an output message.
    mutating func emit(_ topic: OutputTopic, id: String, type: String, time: Timestamp, data: [(String, JSONValue)]) {
        outputs.append(OutboundMessage(topic: topic, key: caseID, id: id, type: type, time: time, data: .object(data)))
    }

    /// Counts a metric for the workflow and, when given, for a unit.
    mutating func count(_ name: MetricDelta.Name, unit: String? = nil, value: Int64 = 1, detail: String? = nil) {
        let day = time.map { (dayCalendar ?? calendar).localDay(of: $0) }
        if let unit { metrics.append(MetricDelta(scope: .unit(unit), name: name, value: value, detail: detail, day: day)) }
        metrics.append(MetricDelta(scope: .workflow(workflow.id), name: name, value: value, detail: detail, day: day))
    }

    /// Counts a breakdown for the unit alone (unit × workflow: the workflow's own record would
    /// only repeat itself).
    mutating func countForUnit(_ name: MetricDelta.Name, unit: String, value: Int64 = 1, detail: String) {
        let day = time.map { (dayCalendar ?? calendar).localDay(of: $0) }
        metrics.append(MetricDelta(scope: .unit(unit), name: name, value: value, detail: detail, day: day))
    }

    /// Schedules every pending timer of task `index`.
    mutating func scheduleTimers(ofTask index: Int) {
        let task = state.tasks[index]
        for timer in task.timers {
            schedule.append(TimerEntry(id: state.timerID(task, timer), caseID: caseID, due: timer.due))
        }
    }

    /// Cancels a timer in the store, including one scheduled earlier in this same step.
    mutating func cancelTimer(_ id: String) {
        schedule.removeAll { $0.id == id }
        cancel.append(id)
    }

    /// Drops the pending timers of task `index` that match `predicate`, cancelling them in the store.
    mutating func dropTimers(ofTask index: Int, where predicate: (PartyTask.PendingTimer) -> Bool = { _ in true }) {
        let task = state.tasks[index]
        var kept: [PartyTask.PendingTimer] = []
        for timer in task.timers {
            if predicate(timer) {
                if task.pausedAt == nil { cancelTimer(state.timerID(task, timer)) }
            } else {
                kept.append(timer)
            }
        }
        state.tasks[index].timers = kept
    }

    /// Common data members naming the case, workflow, stage (and which visit of it) and unit of a task.
    func taskData(_ task: PartyTask) -> [(String, JSONValue)] {
        [("caseId", .string(caseID)), ("workflow", .string(workflow.id)), ("version", .integer(Int64(workflow.version))),
         ("stage", .string(state.stageID)), ("visit", .integer(Int64(visit))), ("unit", .string(task.unit)),
         ("role", .string(task.unit == state.lead ? "lead" : "collaborator"))]
    }

    /// Which visit of the current stage this is (1 the first time; a `next` may lead back to it).
    /// Ids carry it as `<stage>@<visit>` from the second visit on; payloads carry it as `visit`.
    var visit: Int {
        state.stageVisits.indices.contains(state.stageIndex) ? max(1, state.stageVisits[state.stageIndex]) : 1
    }

    /// The deadline name an output about `task`'s timer says: `reassign` once the unit declined
    /// (the lead owes the reassignment), the timer's own deadline otherwise. Ids use the same
    /// word as the payload's `deadline`, so that the two never disagree.
    func deadlineName(_ task: PartyTask, _ deadline: PartyTask.Deadline) -> String {
        task.status == .declined ? "reassign" : deadline.name
    }

    /// The output id of a reminder or escalation `timer` of `task`: its timer id, with the
    /// deadline named as ``deadlineName(_:_:)`` names it.
    func outputID(_ task: PartyTask, _ timer: PartyTask.PendingTimer) -> String {
        guard task.status == .declined, timer.kind != .deadline else { return state.timerID(task, timer) }
        return "\(state.taskPrefix(task))/\(timer.kind.name)/reassign/\(timer.percent)"
    }

    /// Whether the holidays are known from `start` to every deadline of `task`; notes it when not.
    mutating func checkCoverage(_ task: PartyTask, from start: Timestamp) -> Bool {
        let covered = [task.acceptBy, task.completeBy].allSatisfy { $0.map { calendar.covers(from: start, to: $0) } ?? true }
        if !covered { uncoveredTasks += 1 }
        return covered
    }

    /// Optional RFC 3339 instant as JSON.
    static func instant(_ value: Timestamp?) -> JSONValue {
        value.map { .string($0.rfc3339) } ?? .null
    }

    /// The open task of `unit` in the current stage (its latest one), if any.
    func openTaskIndex(of unit: String) -> Int? {
        state.tasks.lastIndex { $0.unit == unit && $0.status.isOpen }
    }
}
