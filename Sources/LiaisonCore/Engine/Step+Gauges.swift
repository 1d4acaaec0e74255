extension PartyTask {
    /// True when the task is open and the act it owes is past its deadline.
    ///
    /// Derived from the task alone: a deadline timer leaves `timers` only by firing, or by being
    /// dropped when its deadline stops mattering (acceptance drops the accept timers; a decline
    /// while the accept deadline runs drops the completion timers; closing drops all). So a
    /// missing deadline timer of a deadline that still matters means that deadline has passed.
    var isOverdue: Bool {
        guard status.isOpen else { return false }
        func passed(_ deadline: Deadline) -> Bool {
            !timers.contains { $0.kind == .deadline && $0.deadline == deadline }
        }
        // The accept deadline matters until the unit accepts (after a decline it runs against the lead).
        let acceptMatters = acceptBy != nil && acceptedAt == nil
        if acceptMatters && passed(.accept) { return true }
        // A decline while the accept deadline runs moves the duty to the lead's reassignment,
        // measured by the accept deadline only (the completion timers were dropped).
        let completionDropped = status == .declined && acceptMatters
        return completeBy != nil && !completionDropped && passed(.complete)
    }
}

extension Step {
    /// Gauge deltas (open and overdue tasks, per unit and for the workflow) between the tasks
    /// before this step and after it.
    ///
    /// Computed from the two states rather than at each change, so that every way a task opens,
    /// closes, becomes or stops being overdue (assignment, completion, stage end, withdrawal,
    /// reassignment, a deadline passing, a late acceptance) is counted exactly once.
    func gaugeDeltas() -> [MetricDelta] {
        var open: [String: Int64] = [:]
        var overdue: [String: Int64] = [:]
        for (tasks, sign) in [(tasksBefore, Int64(-1)), (state.tasks, Int64(1))] {
            for task in tasks where task.status.isOpen {
                open[task.unit, default: 0] += sign
                if task.isOverdue { overdue[task.unit, default: 0] += sign }
            }
        }
        var deltas: [MetricDelta] = []
        for (name, perUnit) in [(MetricDelta.Name.openTasks, open), (.overdueTasks, overdue)] {
            var total: Int64 = 0
            for unit in perUnit.keys.sorted() {
                guard let value = perUnit[unit], value != 0 else { continue }
                deltas.append(MetricDelta(scope: .unit(unit), name: name, value: value))
                total += value
            }
            if total != 0 { deltas.append(MetricDelta(scope: .workflow(workflow.id), name: name, value: total)) }
        }
        return deltas
    }
}
