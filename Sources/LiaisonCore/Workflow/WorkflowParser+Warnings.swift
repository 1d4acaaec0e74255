import Yams

/// Findings that load but are most likely mistakes; `liaison validate --strict` (what CI runs)
/// refuses them. See GUIDE.md, "What validate warns about".
extension WorkflowParser {
    mutating func warn(stages: [Stage], nodes: [Node], lead: LeadRule?, supervisor: String?, supervisorNode: Node?) {
        var supervisorUsed = false
        for (stage, node) in zip(stages, nodes) {
            if stage.completeWithin == nil {
                reader.warning(node["id"] ?? node, .noCompleteWithin(stage: stage.id))
            }
            for (percent, item) in zip(stage.remindAt, node["remind_at"]?.sequence ?? []) where percent >= 100 {
                reader.warning(item, .reminderAfterDeadline(percent: percent))
            }
            for (step, item) in zip(stage.escalate, node["escalate"]?.sequence ?? []) {
                if step.percent < 100 {
                    reader.warning(item["at"] ?? item, .escalationBeforeDeadline(percent: step.percent))
                }
                if step.target == .supervisor { supervisorUsed = true }
                if let late = Self.lateSelf(step.target, stage: stage, lead: lead, supervisor: supervisor) {
                    reader.warning(item["to"] ?? item, .escalationToLateParty(late, stage: stage.id))
                }
            }
        }
        if let supervisor, !supervisorUsed {
            reader.warning(supervisorNode, .supervisorUnused(supervisor))
        }
    }

    /// The unit an escalation target names when that unit is itself a party of the stage.
    private static func lateSelf(_ target: Stage.EscalationTarget, stage: Stage, lead: LeadRule?, supervisor: String?) -> DefinitionMessage.LateParty? {
        let fixedLead: String? = if case .unit(let unit) = lead { unit } else { nil }
        let parties: [String]
        switch stage.parties {
        case .units(let units): parties = units
        case .fromData(_, let fallback): parties = fallback
        case .lead:
            if target == .lead { return .lead }
            parties = fixedLead.map { [$0] } ?? []
        }
        let unit: String?
        switch target {
        case .unit(let named): unit = named
        case .supervisor: unit = supervisor
        case .lead: unit = fixedLead
        }
        guard let unit, parties.contains(unit) else { return nil }
        return .unit(unit)
    }
}
