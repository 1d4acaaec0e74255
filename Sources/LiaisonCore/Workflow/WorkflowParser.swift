import Yams

/// Turns one workflow file into a `Workflow`, or into the list of everything wrong with it.
struct WorkflowParser {
    var reader: YAMLReader
    let calendars: [String: BusinessCalendar]

    static let topKeys: Set<String> = ["id", "version", "title", "start", "calendar", "lead", "supervisor", "stages"]

    init(file: String, calendars: [String: BusinessCalendar], units: UnitRegistry? = nil) {
        reader = YAMLReader(file: file)
        reader.registry = units
        self.calendars = calendars
    }

    /// The workflow, or nil with `reader.diagnostics` saying why.
    mutating func parse(_ text: String) -> (Workflow, idNode: Node?)? {
        guard let root = reader.root(of: text),
              let top = reader.mapping(root, allowed: Self.topKeys, what: .workflow) else { return nil }
        var id = ""
        if let node = top["id"] {
            if let text = reader.string(node, what: "id") {
                if UnitID.isValid(text) { id = text } else { reader.error(node, .invalidWorkflowID(text)) }
            }
        } else {
            reader.error(root, .missingKey("id", in: .workflow))
        }
        var version = 0
        if let node = top["version"] {
            if let text = reader.string(node, what: "version"), let number = Int(text), number >= 1 {
                version = number
            } else {
                reader.error(node, .invalidVersion)
            }
        } else {
            reader.error(root, .missingKey("version", in: .workflow))
        }
        let title = top["title"].flatMap { reader.string($0, what: "title") } ?? id
        let (matter, openerList) = parseStart(top["start"])
        var calendar = BusinessCalendar.alwaysOpen
        if let node = top["calendar"], let name = reader.string(node, what: "calendar") {
            if let found = calendars[name] {
                calendar = found
            } else {
                reader.error(node, .unknownCalendar(name, known: calendars.keys.sorted()))
            }
        }
        let lead = parseLead(top["lead"], root: root)
        var supervisor: String?
        if let node = top["supervisor"] { supervisor = reader.unit(node, what: "supervisor") }
        var stages: [Stage] = []
        var stageNodes: [Node] = []
        if let node = top["stages"] {
            if case .sequence(let sequence) = node, !sequence.isEmpty {
                for item in sequence {
                    if let stage = parseStage(item, hasSupervisor: supervisor != nil) {
                        stages.append(stage)
                        stageNodes.append(item)
                    }
                }
            } else {
                reader.error(node, .stagesNotAList)
            }
        } else {
            reader.error(root, .missingKey("stages", in: .workflow))
        }
        checkGraph(stages: stages, nodes: stageNodes)
        warn(stages: stages, nodes: stageNodes, lead: lead, supervisor: supervisor, supervisorNode: top["supervisor"])
        let openers = openerList ?? defaultOpeners(lead: lead, start: top["start"] ?? root)
        guard reader.diagnostics.isEmpty, let lead else { return nil }
        let workflow = Workflow(id: id, version: version, title: title, matter: matter ?? id, calendar: calendar,
                                lead: lead, openers: openers, supervisor: supervisor, stages: stages, file: reader.file)
        return (workflow, top["id"])
    }

    /// The matter that starts the workflow and the units allowed to open its cases (`start.by`).
    private mutating func parseStart(_ node: Node?) -> (matter: String?, by: [String]?) {
        guard let node, let start = reader.mapping(node, allowed: ["on", "when", "by"], what: "start") else { return (nil, nil) }
        if let on = start["on"], let text = reader.string(on, what: "start.on"), text != EventType.caseOpened.rawValue {
            reader.error(on, .startOnNotCaseOpened)
        }
        var by: [String]?
        if let byNode = start["by"], let items = reader.strings(byNode, what: "start.by", allowSingle: true) {
            let units = items.compactMap { reader.unit($0.1, what: .unit(in: "start.by")) }
            if units.isEmpty { reader.error(byNode, .startByEmpty) } else { by = units }
        }
        guard let when = start["when"], let condition = reader.mapping(when, allowed: ["matter"], what: "start.when"),
              let matterNode = condition["matter"] else { return (nil, by) }
        return (reader.string(matterNode, what: "start.when.matter"), by)
    }

    /// Without `start.by`, the lead the file names opens cases: an opening event cannot grant
    /// itself authority, so a lead taken from event data needs a default or an explicit list.
    private mutating func defaultOpeners(lead: LeadRule?, start: Node) -> [String] {
        switch lead {
        case .unit(let unit): return [unit]
        case .fromData(_, let fallback?): return [fallback]
        case .fromData(let field, nil):
            reader.error(start, .startByNeeded(field: field))
            return []
        case nil: return []
        }
    }

    private mutating func parseLead(_ node: Node?, root: Node) -> LeadRule? {
        guard let node else {
            reader.error(root, .missingKey("lead", in: .workflow))
            return nil
        }
        if case .mapping = node {
            guard let members = reader.mapping(node, allowed: ["from", "default"], what: "lead") else { return nil }
            guard let fromNode = members["from"] else {
                reader.error(node, .needsFrom("lead"))
                return nil
            }
            guard let field = reader.dataField(fromNode, what: "lead.from") else { return nil }
            let fallback = members["default"].flatMap { reader.unit($0, what: "lead.default") }
            return .fromData(field: field, default: fallback)
        }
        return reader.unit(node, what: "lead").map(LeadRule.unit)
    }
}
