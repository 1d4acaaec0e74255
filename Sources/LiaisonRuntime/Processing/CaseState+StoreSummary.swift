import LiaisonCore
import LiaisonStore

extension CaseState {
    /// What the store keeps beside the state for operators' filters: workflow, version,
    /// status, who owes something now and the earliest deadline still to meet.
    var storeSummary: CaseSummary {
        switch status {
        case .inbox:
            return CaseSummary(workflow: nil, version: nil, status: .inbox)
        case .closed, .withdrawn:
            return CaseSummary(workflow: workflowID, version: version, status: status == .withdrawn ? .withdrawn : .closed,
                               openedAt: openedAt.milliseconds)
        case .open:
            var units: [String] = []
            var deadline: Int64?
            for task in tasks where task.status.isOpen {
                // A declined task waits for the lead to reassign it: the lead owes the next step.
                units.append(task.status == .declined ? lead : task.unit)
                // A paused task's clock is stopped: its deadlines move when it resumes.
                guard task.pausedAt == nil else { continue }
                let next = (task.isAccepted ? nil : task.acceptBy) ?? task.completeBy
                if let next { deadline = min(deadline ?? next.milliseconds, next.milliseconds) }
            }
            return CaseSummary(workflow: workflowID, version: version, status: .open, openUnits: units,
                               nextDeadline: deadline, openedAt: openedAt.milliseconds)
        }
    }
}
