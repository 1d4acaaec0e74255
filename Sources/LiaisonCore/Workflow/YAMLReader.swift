import Yams

/// Reads YAML nodes of one definition file and collects located problems instead of stopping
/// at the first, so a designer sees every mistake at once.
struct YAMLReader {
    /// The file as the user named it.
    let file: String
    /// Problems found so far.
    var diagnostics: [Diagnostic] = []
    /// Findings that do not refuse the file (`validate --strict` refuses them).
    var warnings: [Diagnostic] = []
    /// When set, every unit id read must be registered in it.
    var registry: UnitRegistry?

    init(file: String) { self.file = file }

    /// Records a problem at `node` (the whole file when nil).
    mutating func error(_ node: Node?, _ message: DefinitionMessage) {
        diagnostics.append(.at(node?.mark, file: file, message))
    }

    /// Records a likely mistake at `node` that does not refuse the file.
    mutating func warning(_ node: Node?, _ message: DefinitionMessage) {
        warnings.append(.at(node?.mark, file: file, message, severity: .warning))
    }

    /// Parses the text into its root node, recording a syntax error when it is not YAML.
    mutating func root(of text: String) -> Node? {
        switch YAMLDocument.root(of: text, file: file) {
        case .success(let node?):
            return node
        case .success(nil):
            error(nil, .emptyFile)
            return nil
        case .failure(let problem):
            diagnostics.append(problem)
            return nil
        }
    }

    /// The members of a mapping, reporting keys outside `allowed` and a node that is no mapping.
    mutating func mapping(_ node: Node, allowed: Set<String>, what: DefinitionMessage.Subject) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            error(node, .notAMapping(what))
            return nil
        }
        var members: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error(key, .keyNotAWord(what))
                continue
            }
            if !allowed.contains(name) {
                error(key, .unknownKey(name, in: what, expected: allowed.sorted()))
                continue
            }
            if members[name] != nil {
                error(key, .duplicateKey(name, in: what))
                continue
            }
            members[name] = value
        }
        return members
    }

    /// A scalar's text, reporting a node that is not a scalar.
    mutating func string(_ node: Node, what: DefinitionMessage.Subject) -> String? {
        guard case .scalar(let scalar) = node else {
            error(node, .notSingleValue(what))
            return nil
        }
        return scalar.string
    }

    /// A list of scalars (a single scalar counts as a one-element list when `allowSingle`).
    mutating func strings(_ node: Node, what: DefinitionMessage.Subject, allowSingle: Bool = false) -> [(String, Node)]? {
        switch node {
        case .sequence(let sequence):
            var result: [(String, Node)] = []
            for item in sequence {
                guard let text = string(item, what: .item(of: what)) else { return nil }
                result.append((text, item))
            }
            return result
        case .scalar(let scalar) where allowSingle:
            return [(scalar.string, node)]
        default:
            error(node, .notAList(what))
            return nil
        }
    }

    /// A unit id, reporting a malformed one.
    mutating func unit(_ node: Node, what: DefinitionMessage.Subject) -> String? {
        guard let text = string(node, what: what) else { return nil }
        guard UnitID.isValid(text) else {
            error(node, .malformedUnitID(what, text))
            return nil
        }
        if let registry, !registry.contains(text) {
            error(node, .unregisteredUnit(what, text, suggestion: registry.suggestion(for: text)))
            return nil
        }
        return text
    }

    /// A `data.FIELD` reference, reporting any other shape.
    mutating func dataField(_ node: Node, what: DefinitionMessage.Subject) -> String? {
        guard let text = string(node, what: what) else { return nil }
        let field = text.hasPrefix("data.") ? String(text.dropFirst(5)) : ""
        guard !field.isEmpty, field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            error(node, .notDataField(what, text))
            return nil
        }
        return field
    }
}
