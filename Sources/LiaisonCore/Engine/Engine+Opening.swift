extension Engine {
    /// Opens a case: picks the newest workflow for the matter, resolves lead and parties,
    /// enters the first stage, then replays the case's inbox.
    func open(event: CloudEvent, time: Timestamp, state: CaseState?, now: Timestamp) -> Transition {
        if let state, state.status != .inbox {
            return .refused(Refusal(code: "already-open", reason: "case \(state.caseID) is already open (workflow \(state.workflowID))"))
        }
        let matter = event.data["matter"]?.stringValue ?? ""
        guard let workflow = catalog.workflow(matter: matter) else {
            return .refused(Refusal(code: "unknown-matter", reason: "no workflow starts matter '\(matter)'"))
        }
        let lead: String
        switch workflow.lead {
        case .unit(let unit):
            lead = unit
        case .fromData(let field, let fallback):
            guard let chosen = event.data[field]?.stringValue ?? fallback else {
                return .refused(Refusal(code: "no-lead", reason: "data.\(field) names no lead unit and the workflow has no default"))
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
                return .refused(Refusal(code: "no-parties", reason: "stage \(stage.id) has no parties for this case"))
            }
            parties.append(unique)
        }
        var opened = state ?? CaseState(inboxFor: event.caseID)
        let parked = opened.inbox
        opened.inbox = []
        opened.status = .open
        opened.workflowID = workflow.id
        opened.version = workflow.version
        opened.lead = lead
        opened.openedAt = time
        opened.stageParties = parties
        opened.stageVisits = Array(repeating: 0, count: workflow.stages.count)
        opened.seenEventIDs.append(event.id)
        var step = Step(state: opened, workflow: workflow)
        for item in parked { step.cancel.append(opened.inboxTimerID(item.event.id)) }
        step.emit(.cases, id: "\(event.caseID)/opened", type: "liaison.case.opened", time: time, data: [
            ("caseId", .string(event.caseID)), ("workflow", .string(workflow.id)), ("version", .integer(Int64(workflow.version))),
            ("title", event.data["title"] ?? .string(workflow.title)), ("lead", .string(lead)), ("openedBy", .string(event.unit)),
        ])
        step.count(.casesOpened)
        step.enterStage(0, at: time)
        var replayRefusals: [Refusal] = []
        let ordered = parked.enumerated().sorted { ($0.element.event.time ?? now, $0.offset) < ($1.element.event.time ?? now, $1.offset) }
        for (_, item) in ordered {
            if step.state.status.isClosed {
                replayRefusals.append(Refusal(code: "case-closed", reason: "case \(event.caseID) closed before this waiting event applied", event: item.event))
                continue
            }
            let before = step
            do {
                try step.handle(item.event, at: item.event.time ?? now)
                step.state.seenEventIDs.append(item.event.id)
            } catch {
                step = before
                var refusal = error
                refusal.event = item.event
                replayRefusals.append(refusal)
            }
        }
        var transition = step.transition()
        transition.replayRefusals = replayRefusals
        return transition
    }
}
