import LiaisonCore
import Yams

extension LiaisonConfiguration {
    /// Reads a configuration file, then applies `LIAISON_*` overrides from `environment`.
    ///
    /// Every problem is reported at once, located as `file:line:col`; nothing is half-applied.
    public static func load(
        yaml: String,
        file: String,
        environment: [String: String] = [:]
    ) throws(DefinitionErrors) -> LiaisonConfiguration {
        var reader = ConfigurationReader(file: file)
        var configuration = LiaisonConfiguration()
        switch YAMLDocument.root(of: yaml, file: file) {
        case .success(let root?): reader.read(root, into: &configuration)
        case .success(nil): break
        case .failure(let problem): throw DefinitionErrors([problem])
        }
        reader.applyEnvironment(environment, to: &configuration)
        reader.check(configuration)
        if !reader.diagnostics.isEmpty {
            throw DefinitionErrors(reader.diagnostics)
        }
        return configuration
    }

    /// The defaults with only `LIAISON_*` overrides applied (no file).
    public static func fromEnvironment(_ environment: [String: String]) throws(DefinitionErrors) -> LiaisonConfiguration {
        try load(yaml: "", file: "<environment>", environment: environment)
    }
}

/// Walks a configuration document, collecting every problem instead of stopping at the first.
struct ConfigurationReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    mutating func report(_ node: Node?, _ message: String) {
        let mark = node?.mark
        diagnostics.append(.at(mark, file: file, message: message))
    }

    /// Reads the whole document through the field table (`ConfigurationField.all`).
    mutating func read(_ root: Node, into c: inout LiaisonConfiguration) {
        readSection(root, prefix: "", into: &c)
    }

    mutating func readInputs(_ node: Node, into inputs: inout [LiaisonConfiguration.InputTopic]) {
        guard case .sequence(let items) = node else {
            return report(node, "topics.inputs must be a list of { topic: NAME, units: [UNIT, …] }")
        }
        for item in items {
            var name: String?
            var units: [String] = []
            var keyed: LiaisonConfiguration.InputTopic.Partitioner?
            forEachField(item, path: "topics.inputs[]", allowed: ["topic", "units", "keyed_by_case"]) { r, key, v in
                if key == "topic" {
                    name = r.string(v, "topics.inputs[].topic")
                } else if key == "keyed_by_case" {
                    guard let text = r.string(v, "topics.inputs[].keyed_by_case") else { return }
                    guard let partitioner = LiaisonConfiguration.InputTopic.Partitioner(rawValue: text) else {
                        return r.report(v, "topics.inputs[].keyed_by_case must be murmur2 (Java clients' default partitioner) "
                                        + "or crc32 (librdkafka's default), the partitioner the departments' producers use")
                    }
                    keyed = partitioner
                } else if case .sequence(let list) = v {
                    units = list.compactMap { r.string($0, "topics.inputs[].units[]") }
                } else {
                    r.report(v, "topics.inputs[].units must be a list of unit ids")
                }
            }
            guard let name else {
                report(item, "topics.inputs[] needs a 'topic'")
                continue
            }
            if units.isEmpty { report(item, "topic '\(name)' names no unit allowed to publish on it") }
            inputs.append(.init(name: name, units: units, keyedByCase: keyed))
        }
    }
}
