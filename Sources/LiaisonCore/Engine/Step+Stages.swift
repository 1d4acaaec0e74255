extension Step {
    /// Enters stage `index`: assigns every party (parallel) or the first (sequential).
    mutating func enterStage(_ index: Int, at time: Timestamp) {
        state.stageIndex = index
        state.stageID = workflow.stages[index].id
        state.stageVisits[index] += 1
        state.tasks = []
        let parties = state.stageParties[index]
        emit(.cases, id: "\(caseID)/\(state.stageLabel)/entered", type: "liaison.case.stage_entered", time: time, data: [
            ("caseId", .string(caseID)), ("workflow", .string(workflow.id)), ("version", .integer(Int64(workflow.version))),
            ("stage", .string(state.stageID)), ("visit", .integer(Int64(visit))), ("lead", .string(state.lead)),
            ("mode", .string(stage.mode.rawValue)), ("parties", .array(parties.map(JSONValue.string))),
            ("completeWhen", .string(stage.completeWhen.description)),
        ])
        switch stage.mode {
        case .parallel:
            for (slot, unit) in parties.enumerated() { assign(slot: slot, unit: unit, at: time) }
        case .sequential:
            assign(slot: 0, unit: parties[0], at: time)
        }
    }

    /// Assigns slot `slot` of the current stage to `unit`, with deadlines counted from `time`.
    mutating func assign(slot: Int, unit: String, at time: Timestamp) {
        let serial = state.tasks.filter { $0.unit == unit }.count + 1
        var task = PartyTask(unit: unit, slot: slot, serial: serial, status: .assigned, assignedAt: time,
                             acceptBy: nil, completeBy: nil, acceptedAt: nil, completedAt: nil, pausedAt: nil, timers: [])
        for (deadline, span) in [(PartyTask.Deadline.accept, stage.acceptWithin), (.complete, stage.completeWithin)] {
            guard let span else { continue }
            let due = calendar.deadline(from: time, span: span)
            if deadline == .accept { task.acceptBy = due } else { task.completeBy = due }
            task.timers.append(.init(kind: .deadline, deadline: deadline, percent: 100, due: due))
            for percent in stage.remindAt {
                task.timers.append(.init(kind: .reminder, deadline: deadline, percent: percent, due: calendar.mark(from: time, span: span, percent: percent)))
            }
            for step in stage.escalate {
                task.timers.append(.init(kind: .escalation, deadline: deadline, percent: step.percent, due: calendar.mark(from: time, span: span, percent: step.percent)))
            }
        }
        task.timers.sort { ($0.due, $0.kind.rawValue, $0.deadline.rawValue, $0.percent) < ($1.due, $1.kind.rawValue, $1.deadline.rawValue, $1.percent) }
        state.tasks.append(task)
        scheduleTimers(ofTask: state.tasks.count - 1)
        let covered = checkCoverage(task, from: time)
        emit(.assignments, id: "\(state.taskPrefix(task))/assigned", type: "liaison.task.assigned", time: time,
             data: taskData(task) + [("acceptBy", Self.instant(task.acceptBy)), ("completeBy", Self.instant(task.completeBy)),
                                     ("calendarCovered", .bool(covered)), ("lead", .string(state.lead))])
        count(.assigned, unit: unit)
        countForUnit(.assignedIn, unit: unit, detail: workflow.id)
    }

    /// The latest task of every slot that has one.
    var currentSlotTasks: [PartyTask] {
        var latest: [Int: PartyTask] = [:]
        for task in state.tasks { latest[task.slot] = task }
        return latest.keys.sorted().compactMap { latest[$0] }
    }

    /// Decides whether the stage is over after a completion, and moves the case on.
    mutating func evaluateStage(at time: Timestamp) {
        let parties = state.stageParties[state.stageIndex].count
        let required = stage.completeWhen.required(parties: parties)
        let slots = currentSlotTasks
        var approvals = 0
        var rejections = 0
        for task in slots {
            if case .completed(let outcome) = task.status {
                if outcome == .rejected { rejections += 1 } else { approvals += 1 }
            }
        }
        if approvals >= required {
            endStage(.approved, at: time)
        } else if parties - rejections < required {
            endStage(.rejected, at: time)
        } else if stage.mode == .sequential, !slots.contains(where: { $0.status.isOpen }), slots.count < parties {
            assign(slot: slots.count, unit: state.stageParties[state.stageIndex][slots.count], at: time)
        }
    }

    /// Ends the current stage: cancels its open tasks, then routes to the next stage or closes.
    mutating func endStage(_ outcome: StageOutcome, at time: Timestamp) {
        cancelOpenTasks(at: time, reason: "stage \(state.stageID) ended \(outcome.rawValue)")
        switch stage.next(after: outcome) {
        case .stage(let id):
            enterStage(workflow.stageIndex(id) ?? 0, at: time)
        case .end:
            close(.closed(outcome), at: time, reason: nil)
        }
    }

    /// Cancels every open task of the stage, telling each unit.
    mutating func cancelOpenTasks(at time: Timestamp, reason: String) {
        for index in state.tasks.indices where state.tasks[index].status.isOpen {
            dropTimers(ofTask: index)
            state.tasks[index].status = .cancelled
            state.tasks[index].pausedAt = nil
            let task = state.tasks[index]
            emit(.assignments, id: "\(state.taskPrefix(task))/cancelled", type: "liaison.task.cancelled", time: time,
                 data: taskData(task) + [("reason", .string(reason))])
        }
    }

    /// Closes the case with an outcome (or as withdrawn).
    mutating func close(_ status: CaseState.Status, at time: Timestamp, reason: String?) {
        state.status = status
        let outcome: String
        switch status {
        case .closed(let stageOutcome): outcome = stageOutcome.rawValue
        default: outcome = "withdrawn"
        }
        var data: [(String, JSONValue)] = [("caseId", .string(caseID)), ("workflow", .string(workflow.id)),
                                          ("version", .integer(Int64(workflow.version))), ("lead", .string(state.lead)),
                                          ("outcome", .string(outcome)), ("lastStage", .string(state.stageID)),
                                          ("openedAt", .string(state.openedAt.rfc3339)),
                                          ("durationMilliseconds", .integer(time.milliseconds(since: state.openedAt)))]
        if let reason { data.append(("reason", .string(reason))) }
        emit(.cases, id: "\(caseID)/closed", type: "liaison.case.closed", time: time, data: data)
        count(.casesClosed)
    }
}
