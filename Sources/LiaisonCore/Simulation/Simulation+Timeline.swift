extension Simulation {
    /// Per-unit totals, sorted by unit id.
    public var summary: [UnitSummary] {
        var byUnit: [String: UnitSummary] = [:]
        for delta in metrics {
            guard case .unit(let unit) = delta.scope else { continue }
            var entry = byUnit[unit] ?? UnitSummary(unit: unit)
            switch delta.name {
            case .assigned: entry.tasks += 1
            case .completedOnTime: entry.onTime += 1
            case .completedLate: entry.late += 1
            case .reminders: entry.reminders += 1
            case .escalations: entry.escalations += 1
            case .declines: entry.declines += 1
            default: continue
            }
            byUnit[unit] = entry
        }
        return byUnit.keys.sorted().compactMap { byUnit[$0] }
    }

    mutating func record(_ transition: Transition, input: EngineInput, caseID: String, at now: Timestamp) {
        let calendar = calendar(of: caseID)
        func add(_ time: Timestamp, _ unit: String?, _ kind: TimelineEntry.Kind, _ message: SimulationMessage) {
            timeline.append(TimelineEntry(time: time, localTime: calendar.localTime(of: time), caseID: caseID, unit: unit, kind: kind, message: message))
        }
        func local(_ value: JSONValue?) -> LocalTime? {
            guard let text = value?.stringValue, let instant = Timestamp(rfc3339: text) else { return nil }
            return calendar.localTime(of: instant)
        }
        func text(_ value: JSONValue?) -> String { value?.stringValue ?? "" }
        func number(_ value: JSONValue?) -> Int { Int(value?.integerValue ?? 0) }
        if let refusal = transition.refusal {
            let event = refusal.event ?? { if case .event(let event) = input { return event } else { return nil } }()
            add(now, event?.unit, .refused, .refused(event: event.map { "\($0.type.rawValue) \($0.id)" }, code: "\(refusal.code)", reason: refusal.reason))
        }
        for refusal in transition.replayRefusals {
            add(now, refusal.event?.unit, .refused,
                .refused(event: refusal.event.map { "\($0.type.rawValue) \($0.id)" }, code: "\(refusal.code)", reason: refusal.reason))
        }
        if case .event(let event) = input, transition.refusal == nil {
            if transition.duplicate {
                add(now, event.unit, .duplicate, .duplicate(event: "\(event.type.rawValue) \(event.id)"))
            } else if transition.outputs.isEmpty, transition.state?.status == .inbox {
                add(now, event.unit, .waiting, .waiting(event: "\(event.type.rawValue) \(event.id)"))
            } else if event.type == .taskRated, let rated = event.data["unit"]?.stringValue {
                add(now, rated, .rated, .rated(score: number(event.data["score"])))
            }
        }
        for message in transition.outputs {
            let data = message.data
            let unit = message.unit
            switch message.type {
            case "liaison.case.opened":
                add(message.time, data["lead"]?.stringValue, .opened,
                    .opened(workflow: text(data["workflow"]), version: number(data["version"]), lead: text(data["lead"])))
            case "liaison.case.stage_entered":
                add(message.time, nil, .stage, .stageEntered(stage: text(data["stage"]), mode: text(data["mode"]), completeWhen: text(data["completeWhen"])))
            case "liaison.task.assigned":
                add(message.time, unit, .assigned, .assigned(stage: text(data["stage"]), role: text(data["role"]), acceptBy: local(data["acceptBy"]),
                                                             completeBy: local(data["completeBy"]), calendarUncovered: data["calendarCovered"] == .bool(false)))
            case "liaison.task.cancelled":
                add(message.time, unit, .cancelled, .cancelled(.init(reason: text(data["reason"]))))
            case "liaison.task.declined":
                add(message.time, unit, .declined, .declined(lead: text(data["lead"]), reassignBy: local(data["reassignBy"])))
            case "liaison.task.reminder":
                let working = countsWorkingTime(caseID, stage: data["stage"]?.stringValue, deadline: data["deadline"]?.stringValue)
                let left = data[working ? "leftWorkingMilliseconds" : "leftMilliseconds"]?.integerValue ?? 0
                add(message.time, data["remind"]?.stringValue ?? unit, .reminded,
                    .reminded(deadline: text(data["deadline"]), percent: number(data["percent"]), due: local(data["due"]),
                              leftMilliseconds: left, workingTime: working))
            case "liaison.task.escalated":
                add(message.time, unit, .escalated,
                    .escalated(deadline: text(data["deadline"]), percent: number(data["percent"]), level: number(data["level"]),
                               to: text(data["escalatedTo"]), overdueMilliseconds: data["overdueMilliseconds"]?.integerValue ?? 0))
            case "liaison.case.closed":
                add(message.time, nil, .closed, .closed(outcome: text(data["outcome"])))
            case "liaison.task.state_changed":
                recordStateChange(data, at: message.time, local: local, add: add)
            default:
                add(message.time, unit, .stage, .otherOutput(type: message.type))
            }
        }
    }

    private func recordStateChange(_ data: JSONValue, at time: Timestamp, local: (JSONValue?) -> LocalTime?,
                                   add: (Timestamp, String?, TimelineEntry.Kind, SimulationMessage) -> Void) {
        let unit = data["unit"]?.stringValue
        func text(_ key: String) -> String { data[key]?.stringValue ?? "" }
        switch text("state") {
        case "accepted": add(time, unit, .accepted, .accepted(stage: text("stage")))
        case "completed": add(time, unit, .completed, .completed(outcome: text("outcome")))
        case "reassigned": add(time, unit, .reassigned, .reassigned(to: text("to")))
        case "paused": add(time, unit, .paused, .paused(reason: text("reason")))
        case "resumed": add(time, unit, .resumed, .resumed(acceptBy: local(data["acceptBy"]), completeBy: local(data["completeBy"])))
        case "overdue": add(time, data["owner"]?.stringValue ?? unit, .overdue, .overdue(deadline: text("deadline")))
        case let other: add(time, unit, .stage, .otherOutput(type: other))
        }
    }

    /// Whether a deadline of the case's stage is measured in working time (a work-unit span on
    /// a real calendar); a lead's reassign duty runs on the completion deadline, else the accept one.
    func countsWorkingTime(_ caseID: String, stage: String?, deadline: String?) -> Bool {
        guard let workflow = workflow(of: caseID), workflow.calendar != .alwaysOpen,
              let stage = workflow.stages.first(where: { $0.id == stage }) else { return false }
        let span = deadline == "accept" ? stage.acceptWithin : deadline == "complete" ? stage.completeWithin
            : stage.completeWithin ?? stage.acceptWithin
        if case .elapsed? = span { return false }
        return span != nil
    }
}
