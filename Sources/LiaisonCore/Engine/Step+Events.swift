extension Step {
    /// Applies one event of an open case, or throws why it does not fit.
    mutating func handle(_ event: CloudEvent, at eventTime: Timestamp) throws(Refusal) {
        // An act replayed from the inbox may predate the opening; nothing counts before it.
        let time = max(eventTime, state.openedAt)
        self.time = time
        guard !state.status.isClosed else {
            throw Refusal(.caseClosed, "case \(caseID) is closed; \(event.type.rawValue) from \(event.unit) changes nothing")
        }
        switch event.type {
        case .caseOpened:
            throw Refusal(.alreadyOpen, "case \(caseID) is already open (workflow \(workflow.id))")
        case .taskAccepted: try accept(event, at: time)
        case .taskCompleted: try complete(event, at: time)
        case .taskDeclined: try decline(event, at: time)
        case .taskReassigned: try reassign(event, at: time)
        case .taskPaused: try pause(event, at: time)
        case .taskResumed: try resume(event, at: time)
        case .caseWithdrawn:
            // 首接: the unit that opened the case, or its lead, speaks for the applicant.
            guard event.unit == state.openedBy || event.unit == state.lead else {
                let opener = state.openedBy.isEmpty ? "" : " or \(state.openedBy), which opened it"
                throw Refusal(.notAllowedToWithdraw, "\(event.unit) may not withdraw case \(caseID): only its lead \(state.lead)\(opener) may")
            }
            cancelOpenTasks(at: time, reason: "case withdrawn")
            close(.withdrawn, at: time, reason: event.data["reason"]?.stringValue)
        case .taskRated:
            try rate(event)
        }
    }

    /// Records a cooperation rating: from a party (or the lead) about another party, one per
    /// pair per case, a later one replacing the earlier in the metrics too.
    mutating func rate(_ event: CloudEvent) throws(Refusal) {
        let rated = event.data["unit"]?.stringValue ?? ""
        guard rated != event.unit else { throw Refusal(.selfRating, "\(event.unit) cannot rate itself") }
        let parties = state.parties
        guard parties.contains(event.unit) else {
            throw Refusal(.raterNotAParty, "\(event.unit) is not a party of case \(caseID) and cannot rate on it")
        }
        guard parties.contains(rated) else {
            throw Refusal(.ratedNotAParty, "\(rated) is not a party of case \(caseID)")
        }
        let score = Int(event.data["score"]?.integerValue ?? 0)
        if let index = state.ratings.firstIndex(where: { $0.rater == event.unit && $0.rated == rated }) {
            // A negative sample withdraws the earlier score from the sum and the count.
            count(.rating, unit: rated, value: -Int64(state.ratings[index].score))
            state.ratings[index].score = score
        } else {
            state.ratings.append(CaseState.Rating(rater: event.unit, rated: rated, score: score))
        }
        count(.rating, unit: rated, value: Int64(score))
    }

    /// The open task of the sender, or the reason it has none.
    func senderTask(_ event: CloudEvent, acting: String) throws(Refusal) -> Int {
        if let stageName = event.data["stage"]?.stringValue, stageName != state.stageID {
            throw Refusal(.wrongStage, "\(event.unit) \(acting) for stage \(stageName) but the case is in stage \(state.stageID)")
        }
        if let index = openTaskIndex(of: event.unit) { return index }
        if let last = state.tasks.last(where: { $0.unit == event.unit }) {
            switch last.status {
            case .completed: throw Refusal(.alreadyCompleted, "\(event.unit) already completed its task in stage \(state.stageID)")
            case .reassigned: throw Refusal(.reassigned, "\(event.unit)'s task in stage \(state.stageID) was reassigned")
            default: throw Refusal(.taskClosed, "\(event.unit)'s task in stage \(state.stageID) is closed")
            }
        }
        if state.stageParties.contains(where: { $0.contains(event.unit) }) {
            throw Refusal(.notAssigned, "\(event.unit) has no task assigned in stage \(state.stageID) yet")
        }
        throw Refusal(.notAParty, "\(event.unit) is not a party to case \(caseID)")
    }

    mutating func accept(_ event: CloudEvent, at time: Timestamp) throws(Refusal) {
        let index = try senderTask(event, acting: "accepted")
        let task = state.tasks[index]
        guard task.status == .assigned else {
            if task.status == .declined {
                throw Refusal(.declined, "\(event.unit) already declined its task in stage \(state.stageID); the lead must reassign it")
            }
            throw Refusal(.alreadyAccepted, "\(event.unit) already accepted its task in stage \(state.stageID)")
        }
        markAccepted(index, at: time)
        emitStateChange(index, state: "accepted", at: time, extra: [])
    }

    /// Records acceptance: meeting the accept deadline cancels its pending marks.
    mutating func markAccepted(_ index: Int, at time: Timestamp) {
        state.tasks[index].status = .accepted
        state.tasks[index].acceptedAt = time
        dropTimers(ofTask: index) { $0.deadline == .accept }
        count(.accepted, unit: state.tasks[index].unit)
        let assignedAt = state.tasks[index].assignedAt
        count(.acceptMilliseconds, unit: state.tasks[index].unit, value: max(0, time.milliseconds(since: assignedAt)))
        count(.acceptWorkingMilliseconds, unit: state.tasks[index].unit,
              value: time > assignedAt ? calendar.workingMilliseconds(from: assignedAt, to: time) : 0)
    }

    mutating func complete(_ event: CloudEvent, at time: Timestamp) throws(Refusal) {
        let index = try senderTask(event, acting: "completed")
        guard state.tasks[index].status != .declined else {
            throw Refusal(.declined, "\(event.unit) declined its task in stage \(state.stageID); the lead must reassign it")
        }
        let outcome = TaskOutcome(rawValue: event.data["outcome"]?.stringValue ?? "") ?? .done
        if state.tasks[index].status == .assigned { markAccepted(index, at: time) }
        dropTimers(ofTask: index)
        state.tasks[index].status = .completed(outcome)
        state.tasks[index].completedAt = time
        state.tasks[index].pausedAt = nil
        let task = state.tasks[index]
        count(.completed, unit: task.unit)
        count(.completionMilliseconds, unit: task.unit, value: max(0, time.milliseconds(since: task.assignedAt)))
        let working = time > task.assignedAt ? calendar.workingMilliseconds(from: task.assignedAt, to: time) : 0
        count(.completionWorkingMilliseconds, unit: task.unit, value: working)
        count(.stageCompletions, unit: task.unit, detail: state.stageID)
        count(.stageWorkingMilliseconds, unit: task.unit, value: working, detail: state.stageID)
        countForUnit(.completedIn, unit: task.unit, detail: workflow.id)
        if let due = task.completeBy {
            count(time <= due ? .completedOnTime : .completedLate, unit: task.unit)
            countForUnit(time <= due ? .completedOnTimeIn : .completedLateIn, unit: task.unit, detail: workflow.id)
        }
        var extra: [(String, JSONValue)] = [("outcome", .string(outcome.rawValue))]
        if let opinion = event.data["opinion"] { extra.append(("opinion", opinion)) }
        emitStateChange(index, state: "completed", at: time, extra: extra)
        evaluateStage(at: time)
    }

    /// Emits `liaison.task.state_changed` on the audit stream.
    mutating func emitStateChange(_ index: Int, state name: String, at time: Timestamp, extra: [(String, JSONValue)], suffix: String? = nil) {
        let task = state.tasks[index]
        let id = "\(state.taskPrefix(task))/\(name)" + (suffix.map { "/" + $0 } ?? "")
        emit(.cases, id: id, type: "liaison.task.state_changed", time: time,
             data: taskData(task) + [("state", .string(name))] + extra)
    }
}
