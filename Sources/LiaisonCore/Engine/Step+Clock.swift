extension Step {
    /// The tasks a pause or resume from `unit` applies to: its own open task, or for the lead
    /// without one, every open task of the stage.
    func clockTasks(of unit: String) -> [Int] {
        if let index = openTaskIndex(of: unit), state.tasks[index].status != .declined { return [index] }
        if unit == state.lead {
            return state.tasks.indices.filter { state.tasks[$0].status.isOpen && state.tasks[$0].status != .declined }
        }
        return []
    }

    mutating func pause(_ event: CloudEvent, at time: Timestamp) throws(Refusal) {
        let indices = clockTasks(of: event.unit).filter { state.tasks[$0].pausedAt == nil }
        guard !indices.isEmpty else {
            throw Refusal(.nothingToPause, "\(event.unit) has no running task in stage \(state.stageID) to pause")
        }
        for index in indices {
            let task = state.tasks[index]
            for timer in task.timers { cancelTimer(state.timerID(task, timer)) }
            state.tasks[index].pausedAt = time
            emitStateChange(index, state: "paused", at: time, extra: [("reason", event.data["reason"] ?? .null)], suffix: event.id)
        }
    }

    mutating func resume(_ event: CloudEvent, at time: Timestamp) throws(Refusal) {
        let indices = clockTasks(of: event.unit).filter { state.tasks[$0].pausedAt != nil }
        guard !indices.isEmpty else {
            throw Refusal(.notPaused, "\(event.unit) has no paused task in stage \(state.stageID)")
        }
        for index in indices {
            restartClock(index, at: time)
            let task = state.tasks[index]
            let covered = checkCoverage(task, from: task.assignedAt)
            emitStateChange(index, state: "resumed", at: time, extra: [("acceptBy", Self.instant(task.acceptBy)),
                                                                       ("completeBy", Self.instant(task.completeBy)),
                                                                       ("calendarCovered", .bool(covered))],
                            suffix: event.id)
        }
    }

    /// Starts a paused task's clock again: every deadline and pending mark moves by the paused
    /// time (measured as its span measures), and the timers are scheduled anew.
    mutating func restartClock(_ index: Int, at time: Timestamp) {
        guard let pausedAt = state.tasks[index].pausedAt else { return }
        let resumedAt = max(time, pausedAt)
        func moved(_ instant: Timestamp, _ deadline: PartyTask.Deadline) -> Timestamp {
            guard let span = deadline == .accept ? stage.acceptWithin : stage.completeWithin else { return instant }
            return calendar.extend(instant, span: span, pausedAt: pausedAt, resumedAt: resumedAt)
        }
        var task = state.tasks[index]
        task.acceptBy = task.acceptBy.map { moved($0, .accept) }
        task.completeBy = task.completeBy.map { moved($0, .complete) }
        task.timers = task.timers.map { timer in
            var timer = timer
            timer.due = moved(timer.due, timer.deadline)
            return timer
        }
        task.pausedAt = nil
        state.tasks[index] = task
        scheduleTimers(ofTask: index)
    }

    /// Fires the task timer with this id; false when no pending timer has it (stale or unknown).
    mutating func fire(timerID: String, due: Timestamp) -> Bool {
        for index in state.tasks.indices where state.tasks[index].pausedAt == nil {
            let task = state.tasks[index]
            guard state.isTimerID(timerID, ofTask: task),
                  let position = task.timers.firstIndex(where: { state.isTimerID(timerID, of: task, $0) }) else { continue }
            let timer = task.timers[position]
            state.tasks[index].timers.remove(at: position)
            let at = max(due, timer.due)
            time = at
            switch timer.kind {
            case .deadline: deadlinePassed(index, timer, at: at)
            case .reminder: remind(index, timer, at: at)
            case .escalation: escalate(index, timer, at: at)
            }
            return true
        }
        return false
    }

    /// The deadline a timer measures, as an instant.
    func deadlineInstant(_ task: PartyTask, _ deadline: PartyTask.Deadline) -> Timestamp {
        (deadline == .accept ? task.acceptBy : task.completeBy) ?? task.assignedAt
    }

    /// Who owes the act now: the unit, or the lead once the unit declined.
    func owner(_ task: PartyTask) -> String { task.status == .declined ? state.lead : task.unit }

    mutating func deadlinePassed(_ index: Int, _ timer: PartyTask.PendingTimer, at time: Timestamp) {
        let task = state.tasks[index]
        emitStateChange(index, state: "overdue", at: time, extra: [("deadline", .string(deadlineName(task, timer.deadline))),
                                                                   ("owner", .string(owner(task)))],
                        suffix: deadlineName(task, timer.deadline))
    }

    mutating func remind(_ index: Int, _ timer: PartyTask.PendingTimer, at time: Timestamp) {
        let task = state.tasks[index]
        let deadline = deadlineInstant(task, timer.deadline)
        let to = owner(task)
        count(.reminders, unit: to)
        emit(.reminders, id: outputID(task, timer), type: "liaison.task.reminder", time: time, data: taskData(task) + [
            ("remind", .string(to)),
            ("deadline", .string(deadlineName(task, timer.deadline))),
            ("due", .string(deadline.rfc3339)), ("percent", .integer(Int64(timer.percent))),
            ("leftMilliseconds", .integer(deadline.milliseconds(since: time))),
            ("leftWorkingMilliseconds", .integer(time < deadline ? calendar.workingMilliseconds(from: time, to: deadline) : 0)),
            ("lead", .string(state.lead)),
        ])
    }

    /// Sends the escalation `timer` stands for; `id` overrides the timer's own output id.
    mutating func escalate(_ index: Int, _ timer: PartyTask.PendingTimer, at time: Timestamp, id: String? = nil) {
        let task = state.tasks[index]
        let deadline = deadlineInstant(task, timer.deadline)
        let level = (stage.escalate.firstIndex { $0.percent == timer.percent } ?? 0) + 1
        let target: String
        switch stage.escalate.first(where: { $0.percent == timer.percent })?.target ?? .supervisor {
        case .supervisor: target = workflow.supervisor ?? state.lead
        case .lead: target = state.lead
        case .unit(let unit): target = unit
        }
        let late = owner(task)
        count(.escalations, unit: late)
        count(.escalationLevel, unit: late, detail: String(level))
        count(.escalationTarget, unit: late, detail: target)
        emit(.escalations, id: id ?? outputID(task, timer), type: "liaison.task.escalated", time: time, data: [
            ("caseId", .string(caseID)), ("workflow", .string(workflow.id)), ("version", .integer(Int64(workflow.version))),
            ("stage", .string(state.stageID)), ("visit", .integer(Int64(visit))),
            ("lateUnit", .string(late)), ("taskUnit", .string(task.unit)),
            ("escalatedTo", .string(target)), ("level", .integer(Int64(level))), ("percent", .integer(Int64(timer.percent))),
            ("deadline", .string(deadlineName(task, timer.deadline))),
            ("due", .string(deadline.rfc3339)), ("overdueMilliseconds", .integer(max(0, time.milliseconds(since: deadline)))),
            ("lead", .string(state.lead)),
        ])
    }
}
