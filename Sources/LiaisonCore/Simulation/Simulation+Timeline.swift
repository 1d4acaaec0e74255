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
        func add(_ time: Timestamp, _ unit: String?, _ kind: TimelineEntry.Kind, _ detail: String) {
            timeline.append(TimelineEntry(time: time, local: calendar.localDescription(of: time), caseID: caseID, unit: unit, kind: kind, detail: detail))
        }
        func local(_ value: JSONValue?) -> String {
            guard let text = value?.stringValue, let instant = Timestamp(rfc3339: text) else { return "-" }
            return calendar.localDescription(of: instant)
        }
        if let refusal = transition.refusal {
            let event = refusal.event ?? { if case .event(let event) = input { return event } else { return nil } }()
            add(now, event?.unit, .refused, "\(event.map { "\($0.type.rawValue) \($0.id): " } ?? "")\(refusal.code): \(refusal.reason)")
        }
        for refusal in transition.replayRefusals {
            add(now, refusal.event?.unit, .refused, "\(refusal.event.map { "\($0.type.rawValue) \($0.id): " } ?? "")\(refusal.code): \(refusal.reason)")
        }
        if case .event(let event) = input, transition.refusal == nil {
            if transition.duplicate {
                add(now, event.unit, .duplicate, "\(event.type.rawValue) \(event.id) was received before; ignored")
            } else if transition.outputs.isEmpty, transition.state?.status == .inbox {
                add(now, event.unit, .waiting, "\(event.type.rawValue) \(event.id) waits for the case to open")
            } else if event.type == .taskRated, let rated = event.data["unit"]?.stringValue {
                add(now, rated, .rated, "cooperation rated \(event.data["score"]?.integerValue ?? 0) of 5 (the rater is not shown)")
            }
        }
        for message in transition.outputs {
            let data = message.data
            let unit = message.unit
            switch message.type {
            case "liaison.case.opened":
                add(message.time, data["lead"]?.stringValue, .opened, "\(data["workflow"]?.stringValue ?? "") v\(data["version"]?.integerValue ?? 0), lead \(data["lead"]?.stringValue ?? "")")
            case "liaison.case.stage_entered":
                add(message.time, nil, .stage, "stage \(data["stage"]?.stringValue ?? "") (\(data["mode"]?.stringValue ?? ""), complete when \(data["completeWhen"]?.stringValue ?? ""))")
            case "liaison.task.assigned":
                let uncovered = data["calendarCovered"] == .bool(false) ? " (past the calendar's covered years: holidays unknown)" : ""
                add(message.time, unit, .assigned, "\(data["stage"]?.stringValue ?? "") as \(data["role"]?.stringValue ?? ""): accept by \(local(data["acceptBy"])), complete by \(local(data["completeBy"]))\(uncovered)")
            case "liaison.task.cancelled":
                add(message.time, unit, .cancelled, data["reason"]?.stringValue ?? "")
            case "liaison.task.declined":
                add(message.time, unit, .declined, "lead \(data["lead"]?.stringValue ?? "") must reassign by \(local(data["reassignBy"]))")
            case "liaison.task.reminder":
                let working = countsWorkingTime(caseID, stage: data["stage"]?.stringValue, deadline: data["deadline"]?.stringValue)
                let left = data[working ? "leftWorkingMilliseconds" : "leftMilliseconds"]?.integerValue ?? 0
                add(message.time, data["remind"]?.stringValue ?? unit, .reminded,
                    "\(data["deadline"]?.stringValue ?? "") deadline \(data["percent"]?.integerValue ?? 0)%: due \(local(data["due"])), \(Self.span(left))\(working ? " of working time" : "") left")
            case "liaison.task.escalated":
                add(message.time, unit, .escalated,
                    "\(data["deadline"]?.stringValue ?? "") deadline \(data["percent"]?.integerValue ?? 0)%: level \(data["level"]?.integerValue ?? 0) to \(data["escalatedTo"]?.stringValue ?? ""), overdue by \(Self.span(data["overdueMilliseconds"]?.integerValue ?? 0))")
            case "liaison.case.closed":
                add(message.time, nil, .closed, "outcome \(data["outcome"]?.stringValue ?? "")")
            case "liaison.task.state_changed":
                recordStateChange(data, at: message.time, local: local, add: add)
            default:
                add(message.time, unit, .stage, message.type)
            }
        }
    }

    private func recordStateChange(_ data: JSONValue, at time: Timestamp, local: (JSONValue?) -> String,
                                   add: (Timestamp, String?, TimelineEntry.Kind, String) -> Void) {
        let unit = data["unit"]?.stringValue
        switch data["state"]?.stringValue ?? "" {
        case "accepted": add(time, unit, .accepted, "stage \(data["stage"]?.stringValue ?? "")")
        case "completed": add(time, unit, .completed, "outcome \(data["outcome"]?.stringValue ?? "")")
        case "reassigned": add(time, unit, .reassigned, "to \(data["to"]?.stringValue ?? "")")
        case "paused": add(time, unit, .paused, data["reason"]?.stringValue ?? "")
        case "resumed": add(time, unit, .resumed, "deadlines moved: accept by \(local(data["acceptBy"])), complete by \(local(data["completeBy"]))")
        case "overdue": add(time, data["owner"]?.stringValue ?? unit, .overdue, "\(data["deadline"]?.stringValue ?? "") deadline passed")
        case let other: add(time, unit, .stage, other)
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

    /// A signed span as `1d 2h 5m` (or `-30m` when already past).
    static func span(_ milliseconds: Int64) -> String {
        var rest = abs(milliseconds) / 1000
        let days = rest / 86_400
        rest %= 86_400
        let hours = rest / 3600
        let minutes = (rest % 3600) / 60
        let seconds = rest % 60
        var parts: [String] = []
        if days > 0 { parts.append("\(days)d") }
        if hours > 0 { parts.append("\(hours)h") }
        if minutes > 0 { parts.append("\(minutes)m") }
        if seconds > 0 && days == 0 { parts.append("\(seconds)s") }
        let text = parts.isEmpty ? "0m" : parts.joined(separator: " ")
        return milliseconds < 0 ? "-" + text : text
    }
}
