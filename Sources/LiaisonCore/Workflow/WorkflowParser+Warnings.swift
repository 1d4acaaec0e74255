import Yams

/// Findings that load but are most likely mistakes; `liaison validate --strict` (what CI runs)
/// refuses them. See GUIDE.md, "What validate warns about".
extension WorkflowParser {
    mutating func warn(stages: [Stage], nodes: [Node], lead: LeadRule?, supervisor: String?, supervisorNode: Node?) {
        var supervisorUsed = false
        for (stage, node) in zip(stages, nodes) {
            if stage.completeWithin == nil {
                reader.warning(node["id"] ?? node, "stage '\(stage.id)' has no complete_within: its tasks have no completion deadline, "
                               + "nobody is reminded or escalated once they accept, and a declined task leaves the lead nothing to be chased by")
            }
            for (percent, item) in zip(stage.remindAt, node["remind_at"]?.sequence ?? []) where percent >= 100 {
                reader.warning(item, "a reminder at \(percent)% comes when the deadline has already passed; "
                               + "remind before 100% and escalate (escalate:) from 100% on")
            }
            for (step, item) in zip(stage.escalate, node["escalate"]?.sequence ?? []) {
                if step.percent < 100 {
                    reader.warning(item["at"] ?? item, "an escalation at \(step.percent)% goes to the supervisor before the deadline has passed; "
                                   + "use remind_at before 100% and escalate from 100% on")
                }
                if step.target == .supervisor { supervisorUsed = true }
                if let late = Self.lateSelf(step.target, stage: stage, lead: lead, supervisor: supervisor) {
                    reader.warning(item["to"] ?? item, "this escalation goes to \(late), a party of stage '\(stage.id)': when \(late) is the late unit "
                                   + "it is told about its own lateness; escalate to the lead, the supervisor or a unit above it")
                }
            }
        }
        if let supervisor, !supervisorUsed {
            reader.warning(supervisorNode, "supervisor '\(supervisor)' is declared but no escalation step goes to 'supervisor'; "
                           + "use it in an escalate list or remove it")
        }
    }

    /// The unit an escalation target names when that unit is itself a party of the stage.
    private static func lateSelf(_ target: Stage.EscalationTarget, stage: Stage, lead: LeadRule?, supervisor: String?) -> String? {
        let fixedLead: String? = if case .unit(let unit) = lead { unit } else { nil }
        let parties: [String]
        switch stage.parties {
        case .units(let units): parties = units
        case .fromData(_, let fallback): parties = fallback
        case .lead:
            if target == .lead { return "the lead" }
            parties = fixedLead.map { [$0] } ?? []
        }
        let unit: String?
        switch target {
        case .unit(let named): unit = named
        case .supervisor: unit = supervisor
        case .lead: unit = fixedLead
        }
        guard let unit, parties.contains(unit) else { return nil }
        return "'\(unit)'"
    }
}
