import Yams

extension WorkflowParser {
    static let stageKeys: Set<String> = ["id", "mode", "parties", "accept_within", "complete_within",
                                         "remind_at", "escalate", "complete_when", "next"]

    mutating func parseStage(_ node: Node, hasSupervisor: Bool) -> Stage? {
        guard let members = reader.mapping(node, allowed: Self.stageKeys, what: .stage) else { return nil }
        var id = ""
        if let idNode = members["id"], let text = reader.string(idNode, what: .stageID) {
            if UnitID.isValid(text), text != "end" { id = text } else { reader.error(idNode, .invalidStageID(text)) }
        } else if members["id"] == nil {
            reader.error(node, .missingKey("id", in: .stage))
        }
        var mode = Stage.Mode.parallel
        if let modeNode = members["mode"], let text = reader.string(modeNode, what: "mode") {
            if let parsed = Stage.Mode(rawValue: text) { mode = parsed } else { reader.error(modeNode, .invalidMode(text)) }
        }
        var parties = Stage.Parties.lead
        if let partiesNode = members["parties"] {
            parties = parseParties(partiesNode) ?? .lead
        } else {
            reader.error(node, .missingKey("parties", in: .stageNamed(id)))
        }
        let accept = members["accept_within"].flatMap { parseSpan($0, what: "accept_within") }
        let complete = members["complete_within"].flatMap { parseSpan($0, what: "complete_within") }
        let remind = members["remind_at"].flatMap { parsePercents($0, what: "remind_at") } ?? []
        let escalate = members["escalate"].flatMap { parseEscalation($0, hasSupervisor: hasSupervisor) } ?? []
        if (!remind.isEmpty || !escalate.isEmpty), accept == nil, complete == nil, let at = members["remind_at"] ?? members["escalate"] {
            reader.error(at, .chaseWithoutDeadline)
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
                reader.error(node, .needsFrom("parties"))
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

    private mutating func parseUnitList(_ node: Node, what: DefinitionMessage.Subject) -> [String]? {
        guard let items = reader.strings(node, what: what, allowSingle: true) else { return nil }
        var units: [String] = []
        for (text, item) in items {
            guard let unit = reader.unit(item, what: .unit(in: what)) else { return nil }
            if units.contains(text) { reader.error(item, .unitListedTwice(text, in: what)); return nil }
            units.append(unit)
        }
        if units.isEmpty { reader.error(node, .emptyList(what)) ; return nil }
        return units
    }

    private mutating func parseSpan(_ node: Node, what: DefinitionMessage.Subject) -> DeadlineSpan? {
        guard let text = reader.string(node, what: what) else { return nil }
        guard let span = DeadlineSpan(parsing: text) else {
            reader.error(node, .invalidDuration(what, text))
            return nil
        }
        return span
    }

    private mutating func percent(_ text: String, node: Node, what: DefinitionMessage.Subject) -> Int? {
        guard text.hasSuffix("%"), let value = Int(text.dropLast()), value > 0, value <= 1000 else {
            reader.error(node, .invalidPercent(what, text))
            return nil
        }
        return value
    }

    private mutating func parsePercents(_ node: Node, what: DefinitionMessage.Subject) -> [Int]? {
        guard let items = reader.strings(node, what: what) else { return nil }
        var result: [Int] = []
        for (text, item) in items {
            guard let value = percent(text, node: item, what: .mark(in: what)) else { return nil }
            if let last = result.last, value <= last {
                reader.error(item, .reminderMarksMustRise(what, value, after: last))
                return nil
            }
            result.append(value)
        }
        return result
    }

    private mutating func parseEscalation(_ node: Node, hasSupervisor: Bool) -> [Stage.Escalation]? {
        guard case .sequence(let sequence) = node else {
            reader.error(node, .escalateNotAList)
            return nil
        }
        var steps: [Stage.Escalation] = []
        for item in sequence {
            guard let members = reader.mapping(item, allowed: ["at", "to"], what: .escalationStep),
                  let atNode = members["at"], let toNode = members["to"] else {
                if case .mapping = item { reader.error(item, .escalationStepIncomplete) }
                return nil
            }
            guard let atText = reader.string(atNode, what: "escalate.at"),
                  let at = percent(atText, node: atNode, what: "escalate.at"),
                  let to = reader.string(toNode, what: "escalate.to") else { return nil }
            if let last = steps.last, at <= last.percent {
                reader.error(atNode, .escalationMarksMustRise(at, after: last.percent))
                return nil
            }
            let target: Stage.EscalationTarget
            switch to {
            case "supervisor":
                guard hasSupervisor else { reader.error(toNode, .supervisorNotNamed); return nil }
                target = .supervisor
            case "lead": target = .lead
            default:
                guard UnitID.isValid(to) else { reader.error(toNode, .invalidEscalationTarget(to)); return nil }
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
            reader.error(node, .invalidQuorum(text))
            return nil
        }
        let known: Int
        switch parties {
        case .units(let units): known = units.count
        case .lead: known = 1
        case .fromData(_, let fallback): known = fallback.isEmpty ? of : fallback.count
        }
        if count > of || count > known {
            reader.error(node, .quorumTooLarge(text, parties: known))
            return nil
        }
        if of != known {
            reader.error(node, .quorumCountMismatch(text, said: of, parties: known))
            return nil
        }
        return .atLeast(count: count, of: of)
    }

    private mutating func parseNext(_ node: Node) -> Stage.Next? {
        guard let text = reader.string(node, what: "next") else { return nil }
        return text == "end" ? .end : .stage(text)
    }
}
