/// One open task past its deadline, as the supervising office (督查室) lists it.
public struct OverdueTask: Hashable, Sendable {
    /// The case id.
    public var caseID: String
    /// The workflow id.
    public var workflow: String
    /// The stage the task belongs to.
    public var stage: String
    /// Who owes the act now: the task's unit, or the lead once the unit declined.
    public var owner: String
    /// The unit that holds (or declined) the task.
    public var taskUnit: String
    /// `accept`, `complete`, or `reassign` for a declined task.
    public var deadline: String
    /// The deadline that passed.
    public var due: Timestamp
    /// Escalation steps of that deadline already sent (0 before the first).
    public var level: Int
    /// Escalation steps the stage defines.
    public var levels: Int
}

extension CaseState {
    /// The open tasks of the current stage whose owed act is past its deadline at `now`.
    ///
    /// A task counts as overdue exactly as the `overdue` gauge counts it (its deadline timer
    /// fired); `now` only bounds the answer for a task whose timer has not been fired yet.
    public func overdueTasks(workflow: Workflow?, now: Timestamp) -> [OverdueTask] {
        guard status == .open, let workflow, workflow.stages.indices.contains(stageIndex) else { return [] }
        let stage = workflow.stages[stageIndex]
        return tasks.compactMap { task -> OverdueTask? in
            guard task.status.isOpen, task.pausedAt == nil, task.isOverdue else { return nil }
            // The same reading as `isOverdue`: the accept deadline while acceptance is owed and
            // its timer is gone, else the completion deadline.
            let acceptPassed = task.acceptBy != nil && task.acceptedAt == nil
                && !task.timers.contains { $0.kind == .deadline && $0.deadline == .accept }
            let kind: PartyTask.Deadline = acceptPassed ? .accept : .complete
            guard let due = kind == .accept ? task.acceptBy : task.completeBy, due <= now else { return nil }
            let pending = task.timers.filter { $0.kind == .escalation && $0.deadline == kind }.count
            return OverdueTask(caseID: caseID, workflow: workflowID, stage: stageID,
                               owner: task.status == .declined ? lead : task.unit, taskUnit: task.unit,
                               deadline: task.status == .declined ? "reassign" : kind.name, due: due,
                               level: max(0, stage.escalate.count - pending), levels: stage.escalate.count)
        }
    }
}
