import Yams

extension WorkflowParser {
    static let stageKeys: Set<String> = ["id", "mode", "parties", "accept_within", "complete_within",
                                         "remind_at", "escalate", "complete_when", "next"]

    mutating func parseStage(_ node: Node, hasSupervisor: Bool) -> Stage? {
        guard let members = reader.mapping(node, allowed: Self.stageKeys, what: "a stage") else { return nil }
        var id = ""
        if let idNode = members["id"], let text = reader.string(idNode, what: "stage id") {
            if UnitID.isValid(text), text != "end" { id = text } else { reader.error(idNode, "stage id '\(text)' must be lowercase letters, digits and '-' (and not 'end')") }
        } else if members["id"] == nil {
            reader.error(node, "a stage has no 'id'")
        }
        var mode = Stage.Mode.parallel
        if let modeNode = members["mode"], let text = reader.string(modeNode, what: "mode") {
            if let parsed = Stage.Mode(rawValue: text) { mode = parsed } else { reader.error(modeNode, "mode must be parallel or sequential, not '\(text)'") }
        }
        var parties = Stage.Parties.lead
        if let partiesNode = members["parties"] {
            parties = parseParties(partiesNode) ?? .lead
        } else {
            reader.error(node, "stage '\(id)' has no 'parties'")
        }
        let accept = members["accept_within"].flatMap { parseSpan($0, what: "accept_within") }
        let complete = members["complete_within"].flatMap { parseSpan($0, what: "complete_within") }
        let remind = members["remind_at"].flatMap { parsePercents($0, what: "remind_at") } ?? []
        let escalate = members["escalate"].flatMap { parseEscalation($0, hasSupervisor: hasSupervisor) } ?? []
        if (!remind.isEmpty || !escalate.isEmpty), accept == nil, complete == nil, let at = members["remind_at"] ?? members["escalate"] {
            reader.error(at, "reminders and escalations need a deadline (accept_within or complete_within)")
        }
        var quorum = Stage.Quorum.all
        if let quorumNode = members["complete_when"] {
            quorum = parseQuorum(quorumNode, parties: parties) ?? .all
        }
        var approved = Stage.Next.end
        var rejected = Stage.Next.end
        if let nextNode = members["next"], let next = reader.mapping(nextNode, allowed: ["approved", "rejected"], what: "next") {
            approved = next["approved"].flatMap { parseNext($0) } ?? .end
            rejected = next["rejected"].flatMap { parseNext($0) } ?? .end
        }
        // A stage with problems is kept (with defaults where a field was wrong) so that the
        // graph check still reports its other problems; the catalog is refused as a whole anyway.
        guard !id.isEmpty else { return nil }
        return Stage(id: id, mode: mode, parties: parties, acceptWithin: accept, completeWithin: complete,
                     remindAt: remind, escalate: escalate, completeWhen: quorum, onApproved: approved, onRejected: rejected)
    }

    private mutating func parseParties(_ node: Node) -> Stage.Parties? {
        if case .mapping = node {
            guard let members = reader.mapping(node, allowed: ["from", "default"], what: "parties") else { return nil }
            guard let fromNode = members["from"] else {
                reader.error(node, "parties needs 'from: data.FIELD'")
                return nil
            }
            guard let field = reader.dataField(fromNode, what: "parties.from") else { return nil }
            var fallback: [String] = []
            if let defaultNode = members["default"] {
                guard let units = parseUnitList(defaultNode, what: "parties.default") else { return nil }
                fallback = units
            }
            return .fromData(field: field, default: fallback)
        }
        if case .scalar(let scalar) = node, scalar.string == "lead" { return .lead }
        guard let units = parseUnitList(node, what: "parties") else { return nil }
        return .units(units)
    }

    private mutating func parseUnitList(_ node: Node, what: String) -> [String]? {
        guard let items = reader.strings(node, what: what, allowSingle: true) else { return nil }
        var units: [String] = []
        for (text, item) in items {
            guard let unit = reader.unit(item, what: "a unit in \(what)") else { return nil }
            if units.contains(text) { reader.error(item, "unit '\(text)' is listed twice in \(what)"); return nil }
            units.append(unit)
        }
        if units.isEmpty { reader.error(node, "\(what) is empty") ; return nil }
        return units
    }

    private mutating func parseSpan(_ node: Node, what: String) -> DeadlineSpan? {
        guard let text = reader.string(node, what: what) else { return nil }
        guard let span = DeadlineSpan(parsing: text) else {
            reader.error(node, "\(what) '\(text)' is not a duration (e.g. 45s, 30m, 4h, 2d, 4 workhours, 3 workdays)")
            return nil
        }
        return span
    }

    private mutating func percent(_ text: String, node: Node, what: String) -> Int? {
        guard text.hasSuffix("%"), let value = Int(text.dropLast()), value > 0, value <= 1000 else {
            reader.error(node, "\(what) '\(text)' is not a percentage like 80%")
            return nil
        }
        return value
    }

    private mutating func parsePercents(_ node: Node, what: String) -> [Int]? {
        guard let items = reader.strings(node, what: what) else { return nil }
        var result: [Int] = []
        for (text, item) in items {
            guard let value = percent(text, node: item, what: "a mark in \(what)") else { return nil }
            if let last = result.last, value <= last {
                reader.error(item, "\(what) marks must rise: \(value)% comes after \(last)%")
                return nil
            }
            result.append(value)
        }
        return result
    }

    private mutating func parseEscalation(_ node: Node, hasSupervisor: Bool) -> [Stage.Escalation]? {
        guard case .sequence(let sequence) = node else {
            reader.error(node, "escalate must be a list of { at: N%, to: ... }")
            return nil
        }
        var steps: [Stage.Escalation] = []
        for item in sequence {
            guard let members = reader.mapping(item, allowed: ["at", "to"], what: "an escalation step"),
                  let atNode = members["at"], let toNode = members["to"] else {
                if case .mapping = item { reader.error(item, "an escalation step needs 'at' and 'to'") }
                return nil
            }
            guard let atText = reader.string(atNode, what: "escalate.at"),
                  let at = percent(atText, node: atNode, what: "escalate.at"),
                  let to = reader.string(toNode, what: "escalate.to") else { return nil }
            if let last = steps.last, at <= last.percent {
                reader.error(atNode, "escalation marks must rise: \(at)% comes after \(last.percent)%")
                return nil
            }
            let target: Stage.EscalationTarget
            switch to {
            case "supervisor":
                guard hasSupervisor else { reader.error(toNode, "escalate.to is 'supervisor' but the workflow names no supervisor"); return nil }
                target = .supervisor
            case "lead": target = .lead
            default:
                guard UnitID.isValid(to) else { reader.error(toNode, "escalate.to '\(to)' is not a unit id, 'supervisor' or 'lead'"); return nil }
                guard let unit = reader.unit(toNode, what: "escalate.to") else { return nil }
                target = .unit(unit)
            }
            steps.append(Stage.Escalation(percent: at, target: target))
        }
        return steps
    }

    private mutating func parseQuorum(_ node: Node, parties: Stage.Parties) -> Stage.Quorum? {
        guard let text = reader.string(node, what: "complete_when") else { return nil }
        if text == "all" { return .all }
        if text == "any" { return .any }
        let words = text.split(separator: " ")
        guard words.count == 3, words[1] == "of", let count = Int(words[0]), let of = Int(words[2]), count >= 1 else {
            reader.error(node, "complete_when '\(text)' must be all, any or \"K of N\"")
            return nil
        }
        let known: Int
        switch parties {
        case .units(let units): known = units.count
        case .lead: known = 1
        case .fromData(_, let fallback): known = fallback.isEmpty ? of : fallback.count
        }
        if count > of || count > known {
            reader.error(node, "complete_when '\(text)' needs more approvals than the stage has parties (\(known))")
            return nil
        }
        if of != known {
            reader.error(node, "complete_when '\(text)' says \(of) parties but the stage has \(known)")
            return nil
        }
        return .atLeast(count: count, of: of)
    }

    private mutating func parseNext(_ node: Node) -> Stage.Next? {
        guard let text = reader.string(node, what: "next") else { return nil }
        return text == "end" ? .end : .stage(text)
    }
}
