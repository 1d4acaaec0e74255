extension Engine {
    /// Opens a case: picks the newest workflow for the matter, checks that the sender may open
    /// it, resolves lead and parties, enters the first stage, then replays the case's inbox.
    ///
    /// A refused opening leaves the case id free: only a permitted unit can claim it.
    func open(event: CloudEvent, time: Timestamp, state: CaseState?, now: Timestamp) -> Transition {
        if let state, state.status != .inbox {
            return refused(Refusal(.alreadyOpen, "case \(state.caseID) is already open (workflow \(state.workflowID))"), event: event, state: state)
        }
        let matter = event.data["matter"]?.stringValue ?? ""
        guard let workflow = catalog.workflow(matter: matter) else {
            return refused(Refusal(.unknownMatter, "no workflow starts matter '\(matter.bounded)'"), event: event, state: state)
        }
        guard workflow.openers.contains(event.unit) else {
            let allowed = workflow.openers.joined(separator: ", ")
            return refused(Refusal(.notAnOpener, "\(event.unit) may not open \(workflow.id) cases (start.by: \(allowed))"), event: event, state: state)
        }
        let lead: String
        switch workflow.lead {
        case .unit(let unit):
            lead = unit
        case .fromData(let field, let fallback):
            guard let chosen = event.data[field]?.stringValue ?? fallback else {
                return refused(Refusal(.noLead, "data.\(field) names no lead unit and the workflow has no default"), event: event, state: state)
            }
            lead = chosen
        }
        var parties: [[String]] = []
        for stage in workflow.stages {
            var units: [String]
            switch stage.parties {
            case .units(let list): units = list
            case .lead: units = [lead]
            case .fromData(let field, let fallback):
                let given = event.data[field]?.stringValue.map { [$0] } ?? event.data[field]?.stringArrayValue ?? []
                units = given.isEmpty ? fallback : given
            }
            var unique: [String] = []
            for unit in units where !unique.contains(unit) { unique.append(unit) }
            guard !unique.isEmpty else {
                return refused(Refusal(.noParties, "stage \(stage.id) has no parties for this case"), event: event, state: state)
            }
            parties.append(unique)
        }
        for unit in [lead] + parties.joined() where !catalog.isKnownUnit(unit) {
            return refused(Refusal(.unknownUnit, "the opening names unit '\(unit)', which is not registered"), event: event, state: state)
        }
        var opened = state ?? CaseState(inboxFor: event.caseID)
        let parked = opened.inbox
        opened.inbox = []
        opened.status = .open
        opened.workflowID = workflow.id
        opened.version = workflow.version
        opened.lead = lead
        opened.openedBy = event.unit
        opened.openedAt = time
        opened.stageParties = parties
        opened.stageVisits = Array(repeating: 0, count: workflow.stages.count)
        opened.remember(event, limit: settings.seenEventsPerUnit)
        var step = Step(state: opened, workflow: workflow, units: catalog.units)
        step.dayCalendar = windowCalendar
        step.time = time
        for item in parked {
            step.cancel.append(opened.inboxTimerID(item.event))
            step.cancel.append(opened.legacyInboxTimerID(item.event))
        }
        step.emit(.cases, id: "\(event.caseID)/opened", type: "liaison.case.opened", time: time, data: [
            ("caseId", .string(event.caseID)), ("workflow", .string(workflow.id)), ("version", .integer(Int64(workflow.version))),
            ("title", event.data["title"] ?? .string(workflow.title)), ("lead", .string(lead)), ("openedBy", .string(event.unit)),
        ])
        step.count(.casesOpened)
        step.enterStage(0, at: time)
        var replayRefusals: [Refusal] = []
        let ordered = parked.enumerated().sorted { ($0.element.event.time ?? now, $0.offset) < ($1.element.event.time ?? now, $1.offset) }
        for (_, item) in ordered {
            // Applied or refused, a replayed event is remembered like any other.
            if step.state.status.isClosed {
                replayRefusals.append(Refusal(.caseClosed, "case \(event.caseID) closed before this waiting event applied", event: item.event))
                step.state.remember(item.event, limit: settings.seenEventsPerUnit)
                continue
            }
            let before = step
            do {
                try step.handle(item.event, at: item.event.time ?? now)
            } catch {
                step = before
                var refusal = error
                refusal.event = item.event
                replayRefusals.append(refusal)
            }
            step.state.remember(item.event, limit: settings.seenEventsPerUnit)
        }
        var transition = step.transition()
        transition.replayRefusals = replayRefusals
        return transition
    }
}
