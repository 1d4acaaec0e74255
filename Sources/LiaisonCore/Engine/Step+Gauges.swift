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
        // A case has a handful of units: a list searched in place costs less than hashing each
        // unit's name into a dictionary, and most steps change no gauge at all.
        var tallies: [(unit: String, open: Int64, overdue: Int64)] = []
        for (tasks, sign) in [(tasksBefore, Int64(-1)), (state.tasks, Int64(1))] {
            for task in tasks where task.status.isOpen {
                let overdue: Int64 = task.isOverdue ? sign : 0
                if let index = tallies.firstIndex(where: { $0.unit == task.unit }) {
                    tallies[index].open += sign
                    tallies[index].overdue += overdue
                } else {
                    tallies.append((task.unit, sign, overdue))
                }
            }
        }
        guard tallies.contains(where: { $0.open != 0 || $0.overdue != 0 }) else { return [] }
        tallies.sort { $0.unit < $1.unit }
        var deltas: [MetricDelta] = []
        for name in [MetricDelta.Name.openTasks, .overdueTasks] {
            var total: Int64 = 0
            for tally in tallies {
                let value = name == .openTasks ? tally.open : tally.overdue
                guard value != 0 else { continue }
                deltas.append(MetricDelta(scope: .unit(tally.unit), name: name, value: value))
                total += value
            }
            if total != 0 { deltas.append(MetricDelta(scope: .workflow(workflow.id), name: name, value: total)) }
        }
        return deltas
    }
}
