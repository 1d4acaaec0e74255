import LiaisonCore
import LiaisonRuntime

/// The topics `liaison dev` creates on its embedded cluster, derived from the workflows.
public enum DevTopology {
    /// Units that publish events under the loaded workflows: every lead, party and escalation
    /// target, plus the one-stop service window (一网通办) that opens cases.
    public static func units(of catalog: WorkflowCatalog) -> [String] {
        var units: Set<String> = ["service-window"]
        for workflow in catalog.workflows {
            switch workflow.lead {
            case .unit(let unit): units.insert(unit)
            case .fromData(_, let fallback): if let fallback { units.insert(fallback) }
            }
            if let supervisor = workflow.supervisor { units.insert(supervisor) }
            for stage in workflow.stages {
                switch stage.parties {
                case .units(let list): units.formUnion(list)
                case .fromData(_, let fallback): units.formUnion(fallback)
                case .lead: break
                }
                for step in stage.escalate {
                    if case .unit(let unit) = step.target { units.insert(unit) }
                }
            }
        }
        return units.sorted()
    }

    /// One department topic per unit, `dept.<unit>`, each open to its own unit only.
    public static func configure(_ configuration: inout LiaisonConfiguration, catalog: WorkflowCatalog) {
        guard configuration.topics.inputs.isEmpty else { return }
        configuration.topics.inputs = units(of: catalog).map {
            LiaisonConfiguration.InputTopic(name: "dept.\($0)", units: [$0])
        }
    }
}
