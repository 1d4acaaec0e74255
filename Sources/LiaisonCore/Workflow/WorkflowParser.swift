import Yams

/// Turns one workflow file into a `Workflow`, or into the list of everything wrong with it.
struct WorkflowParser {
    var reader: YAMLReader
    let calendars: [String: BusinessCalendar]

    static let topKeys: Set<String> = ["id", "version", "title", "start", "calendar", "lead", "supervisor", "stages"]

    init(file: String, calendars: [String: BusinessCalendar]) {
        reader = YAMLReader(file: file)
        self.calendars = calendars
    }

    /// The workflow, or nil with `reader.diagnostics` saying why.
    mutating func parse(_ text: String) -> (Workflow, idNode: Node?)? {
        guard let root = reader.root(of: text),
              let top = reader.mapping(root, allowed: Self.topKeys, what: "the workflow") else { return nil }
        var id = ""
        if let node = top["id"] {
            if let text = reader.string(node, what: "id") {
                if UnitID.isValid(text) { id = text } else { reader.error(node, "id '\(text)' must be lowercase letters, digits and '-'") }
            }
        } else {
            reader.error(root, "the workflow has no 'id'")
        }
        var version = 0
        if let node = top["version"] {
            if let text = reader.string(node, what: "version"), let number = Int(text), number >= 1 {
                version = number
            } else {
                reader.error(node, "version must be a whole number from 1")
            }
        } else {
            reader.error(root, "the workflow has no 'version'")
        }
        let title = top["title"].flatMap { reader.string($0, what: "title") } ?? id
        let matter = parseStart(top["start"]) ?? id
        var calendar = BusinessCalendar.alwaysOpen
        if let node = top["calendar"], let name = reader.string(node, what: "calendar") {
            if let found = calendars[name] {
                calendar = found
            } else {
                let known = calendars.keys.sorted().joined(separator: ", ")
                reader.error(node, "unknown calendar '\(name)' (known: \(known.isEmpty ? "none" : known); calendars live in calendars/)")
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
                reader.error(node, "stages must be a non-empty list")
            }
        } else {
            reader.error(root, "the workflow has no 'stages'")
        }
        checkGraph(stages: stages, nodes: stageNodes)
        guard reader.diagnostics.isEmpty, let lead else { return nil }
        let workflow = Workflow(id: id, version: version, title: title, matter: matter, calendar: calendar,
                                lead: lead, supervisor: supervisor, stages: stages, file: reader.file)
        return (workflow, top["id"])
    }

    private mutating func parseStart(_ node: Node?) -> String? {
        guard let node, let start = reader.mapping(node, allowed: ["on", "when"], what: "start") else { return nil }
        if let on = start["on"], let text = reader.string(on, what: "start.on"), text != EventType.caseOpened.rawValue {
            reader.error(on, "start.on must be gov.case.opened")
        }
        guard let when = start["when"], let condition = reader.mapping(when, allowed: ["matter"], what: "start.when"),
              let matterNode = condition["matter"] else { return nil }
        return reader.string(matterNode, what: "start.when.matter")
    }

    private mutating func parseLead(_ node: Node?, root: Node) -> LeadRule? {
        guard let node else {
            reader.error(root, "the workflow has no 'lead'")
            return nil
        }
        if case .mapping = node {
            guard let members = reader.mapping(node, allowed: ["from", "default"], what: "lead") else { return nil }
            guard let fromNode = members["from"] else {
                reader.error(node, "lead needs 'from: data.FIELD'")
                return nil
            }
            guard let field = reader.dataField(fromNode, what: "lead.from") else { return nil }
            let fallback = members["default"].flatMap { reader.unit($0, what: "lead.default") }
            return .fromData(field: field, default: fallback)
        }
        return reader.unit(node, what: "lead").map(LeadRule.unit)
    }
}
