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

    /// Records a problem at `node` (or the file start when unknown).
    mutating func error(_ node: Node?, _ message: String) {
        let mark = node?.mark
        diagnostics.append(Diagnostic(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    /// Records a likely mistake at `node` that does not refuse the file.
    mutating func warning(_ node: Node?, _ message: String) {
        let mark = node?.mark
        warnings.append(Diagnostic(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message, severity: .warning))
    }

    /// Parses the text into its root node, recording a syntax error when it is not YAML.
    mutating func root(of text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                error(nil, "the file is empty")
                return nil
            }
            return node
        } catch let yamlError as YamlError {
            let syntax = YAMLSyntaxError(yamlError)
            diagnostics.append(Diagnostic(file: file, line: syntax.line, column: syntax.column, message: syntax.message))
            return nil
        } catch {
            self.error(nil, "not valid YAML: \(error)")
            return nil
        }
    }

    /// The members of a mapping, reporting keys outside `allowed` and a node that is no mapping.
    mutating func mapping(_ node: Node, allowed: Set<String>, what: String) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping")
            return nil
        }
        var members: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error(key, "\(what) has a key that is not a plain word")
                continue
            }
            if !allowed.contains(name) {
                error(key, "unknown key '\(name)' in \(what) (expected one of: \(allowed.sorted().joined(separator: ", ")))")
                continue
            }
            if members[name] != nil {
                error(key, "duplicate key '\(name)' in \(what)")
                continue
            }
            members[name] = value
        }
        return members
    }

    /// A scalar's text, reporting a node that is not a scalar.
    mutating func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error(node, "\(what) must be a single value")
            return nil
        }
        return scalar.string
    }

    /// A list of scalars (a single scalar counts as a one-element list when `allowSingle`).
    mutating func strings(_ node: Node, what: String, allowSingle: Bool = false) -> [(String, Node)]? {
        switch node {
        case .sequence(let sequence):
            var result: [(String, Node)] = []
            for item in sequence {
                guard let text = string(item, what: "an item of \(what)") else { return nil }
                result.append((text, item))
            }
            return result
        case .scalar(let scalar) where allowSingle:
            return [(scalar.string, node)]
        default:
            error(node, "\(what) must be a list")
            return nil
        }
    }

    /// A unit id, reporting a malformed one.
    mutating func unit(_ node: Node, what: String) -> String? {
        guard let text = string(node, what: what) else { return nil }
        guard UnitID.isValid(text) else {
            error(node, "\(what) '\(text)' is not a unit id (lowercase letters, digits, '-', '_', '.')")
            return nil
        }
        if let registry, !registry.contains(text) {
            let hint = registry.suggestion(for: text).map { " (did you mean '\($0)'?)" } ?? ""
            error(node, "\(what) '\(text)' is not a registered unit\(hint); units are listed in units.yaml")
            return nil
        }
        return text
    }

    /// A `data.FIELD` reference, reporting any other shape.
    mutating func dataField(_ node: Node, what: String) -> String? {
        guard let text = string(node, what: what) else { return nil }
        let field = text.hasPrefix("data.") ? String(text.dropFirst(5)) : ""
        guard !field.isEmpty, field.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            error(node, "\(what) '\(text)' must name an event field as data.FIELD")
            return nil
        }
        return field
    }
}
