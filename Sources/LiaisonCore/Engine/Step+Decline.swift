extension Step {
    /// Records a decline (退回): the task waits for the lead to reassign it, and one of its
    /// deadlines now runs against the lead, so that nobody's task is left unchased.
    ///
    /// Before the accept deadline has passed the lead owes the reassignment by it; once it has
    /// passed (or the unit had accepted, or the stage sets no accept deadline) by the completion
    /// deadline. When the deadline the lead inherits has passed too, the ladder's next level
    /// fires at once against the lead.
    mutating func decline(_ event: CloudEvent, at time: Timestamp) throws(Refusal) {
        guard event.unit != state.lead else {
            throw Refusal(.leadCannotDecline, "\(event.unit) leads case \(caseID) and cannot decline a task of it")
        }
        let index = try senderTask(event, acting: "declined")
        guard state.tasks[index].status != .declined else { throw Refusal(.declined, "\(event.unit) already declined") }
        restartClock(index, at: time)
        let inherited = leadDeadline(after: state.tasks[index], at: time)
        state.tasks[index].status = .declined
        dropTimers(ofTask: index) { $0.deadline != inherited }
        let task = state.tasks[index]
        count(.declines, unit: task.unit)
        if let suggested = event.data["suggest"]?.stringValue { count(.declinedTo, unit: task.unit, detail: suggested) }
        let reassignBy = inherited == .accept ? task.acceptBy : task.completeBy
        var data = taskData(task) + [("lead", .string(state.lead)), ("reason", event.data["reason"] ?? .null)]
        if let suggest = event.data["suggest"] { data.append(("suggest", suggest)) }
        data.append(("reassignBy", Self.instant(reassignBy)))
        emit(.cases, id: "\(state.taskPrefix(task))/declined", type: "liaison.task.declined", time: time, data: data)
        if let reassignBy, time > reassignBy { escalateAtOnce(index, inherited, at: time) }
    }

    /// The deadline whose marks and ladder run against the lead once `task` is declined at `time`.
    func leadDeadline(after task: PartyTask, at time: Timestamp) -> PartyTask.Deadline {
        guard task.status == .assigned, let acceptBy = task.acceptBy else { return .complete }
        return time <= acceptBy || task.completeBy == nil ? .accept : .complete
    }

    /// Fires the lowest pending level of `deadline`'s ladder now; when every level has fired
    /// already (against the unit that declined), fires the top level again, against the lead.
    mutating func escalateAtOnce(_ index: Int, _ deadline: PartyTask.Deadline, at time: Timestamp) {
        let task = state.tasks[index]
        if let position = task.timers.firstIndex(where: { $0.kind == .escalation && $0.deadline == deadline }) {
            let timer = task.timers[position]
            cancelTimer(state.timerID(task, timer))
            state.tasks[index].timers.remove(at: position)
            escalate(index, timer, at: time)
        } else if let top = stage.escalate.last {
            let timer = PartyTask.PendingTimer(kind: .escalation, deadline: deadline, percent: top.percent, due: time)
            escalate(index, timer, at: time, id: "\(state.taskPrefix(task))/escalation/reassign/\(top.percent)")
        }
    }

    mutating func reassign(_ event: CloudEvent, at time: Timestamp) throws(Refusal) {
        guard event.unit == state.lead else {
            throw Refusal(.notTheLead, "only the lead \(state.lead) can reassign tasks; \(event.unit) tried")
        }
        let from = event.data["from"]?.stringValue ?? ""
        let to = event.data["to"]?.stringValue ?? ""
        guard from != to else {
            throw Refusal(.sameUnit, "a task cannot be reassigned from \(from) to \(to) itself")
        }
        guard let index = openTaskIndex(of: from) else {
            throw Refusal(.notAssigned, "\(from) holds no open task in stage \(state.stageID) to reassign")
        }
        if let units, !units.contains(to) {
            let hint = units.suggestion(for: to).map { " (did you mean \($0)?)" } ?? ""
            throw Refusal(.unknownUnit, "\(to) is not a registered unit\(hint)")
        }
        // One unit may not hold two tasks of a stage, nor take over one after finishing its own:
        // it would then supply two of the stage's approvals.
        if let held = state.tasks.last(where: { $0.unit == to && $0.status != .reassigned }) {
            let what = held.status.isOpen ? "already holds a task" : (held.status == .cancelled ? "had its task cancelled" : "already completed its task")
            throw Refusal(.alreadyAssigned, "\(to) \(what) in stage \(state.stageID)")
        }
        dropTimers(ofTask: index)
        state.tasks[index].status = .reassigned
        state.tasks[index].pausedAt = nil
        let old = state.tasks[index]
        count(.reassignments, unit: from)
        emit(.assignments, id: "\(state.taskPrefix(old))/cancelled", type: "liaison.task.cancelled", time: time,
             data: taskData(old) + [("reason", .string("reassigned to \(to)"))])
        emitStateChange(index, state: "reassigned", at: time, extra: [("to", .string(to))])
        state.stageParties[state.stageIndex][old.slot] = to
        assign(slot: old.slot, unit: to, at: time)
    }
}
