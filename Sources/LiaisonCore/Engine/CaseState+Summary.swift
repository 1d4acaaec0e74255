extension CaseState {
    /// A JSON view of the case for operators (the admin endpoint `/v1/cases/{id}`).
    ///
    /// Shows what a person answering "where is this case and who owes what" needs: workflow and
    /// version, status, current stage, lead, each task of the current stage visit with its state
    /// and deadlines, and the case's history as the state keeps it (how often each stage was
    /// entered, how many events were applied, events still parked). Members come in a fixed
    /// order so that the same state always gives the same bytes.
    ///
    /// - Parameter workflow: the case's workflow definition, when loaded: names the stages in
    ///   the history (without it they are given by position).
    public func summary(workflow: Workflow? = nil) -> JSONValue {
        .object([
            ("case", .string(caseID)),
            ("workflow", workflowID.isEmpty ? .null : .string(workflowID)),
            ("version", status == .inbox ? .null : .integer(Int64(version))),
            ("status", .string(status.summaryName)),
            ("outcome", status.summaryOutcome.map { .string($0) } ?? .null),
            ("stage", stageID.isEmpty ? .null : .string(stageLabel)),
            ("lead", lead.isEmpty ? .null : .string(lead)),
            ("openedAt", status == .inbox ? .null : .string(openedAt.rfc3339)),
            ("tasks", .array(tasks.map(\.summary))),
            ("history", historySummary(workflow)),
        ])
    }

    /// What the state remembers of the past: stage visits in workflow order, applied event
    /// count, parked events. The state keeps no event log, so this is all there is.
    private func historySummary(_ workflow: Workflow?) -> JSONValue {
        var visits: [JSONValue] = []
        for (index, count) in stageVisits.enumerated() where count > 0 {
            let name = workflow.flatMap { $0.stages.indices.contains(index) ? $0.stages[index].id : nil }
            visits.append(.object([
                ("stage", name.map { .string($0) } ?? .integer(Int64(index))),
                ("visits", .integer(Int64(count))),
            ]))
        }
        return .object([
            ("stageVisits", .array(visits)),
            ("eventsDecided", .integer(Int64(seenEvents.count))),
            ("eventsParked", .integer(Int64(inbox.count))),
        ])
    }
}

extension CaseState.Status {
    /// One word per status: `inbox`, `open`, `closed`, `withdrawn`.
    var summaryName: String {
        switch self {
        case .inbox: return "inbox"
        case .open: return "open"
        case .closed: return "closed"
        case .withdrawn: return "withdrawn"
        }
    }

    /// The final outcome of a closed case.
    var summaryOutcome: String? {
        if case .closed(let outcome) = self { return outcome.rawValue }
        return nil
    }
}

extension PartyTask {
    /// A JSON view of the task: unit, state, outcome, deadlines and when things happened.
    public var summary: JSONValue {
        .object([
            ("unit", .string(unit)),
            ("state", .string(status.summaryName)),
            ("outcome", status.summaryOutcome.map { .string($0) } ?? .null),
            ("assignedAt", .string(assignedAt.rfc3339)),
            ("acceptBy", acceptBy.map { .string($0.rfc3339) } ?? .null),
            ("completeBy", completeBy.map { .string($0.rfc3339) } ?? .null),
            ("acceptedAt", acceptedAt.map { .string($0.rfc3339) } ?? .null),
            ("completedAt", completedAt.map { .string($0.rfc3339) } ?? .null),
            ("paused", .bool(pausedAt != nil)),
        ])
    }
}

extension PartyTask.Status {
    /// One word per task status.
    var summaryName: String {
        switch self {
        case .assigned: return "assigned"
        case .accepted: return "accepted"
        case .declined: return "declined"
        case .completed: return "completed"
        case .cancelled: return "cancelled"
        case .reassigned: return "reassigned"
        }
    }

    /// The unit's outcome once completed.
    var summaryOutcome: String? {
        if case .completed(let outcome) = self { return outcome.rawValue }
        return nil
    }
}
