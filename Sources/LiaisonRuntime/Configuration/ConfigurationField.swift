import Foundation
import LiaisonCore
import Yams

/// One field of the configuration: where it sits in the file, the environment variable that
/// overrides it, and how a value is read into a `LiaisonConfiguration`.
///
/// `ConfigurationField.all` is the one table the file reader, the environment overrides and
/// `liaison run --help` are generated from, so that a new field cannot miss its variable.
public struct ConfigurationField: Sendable {
    /// The field's dotted path in the file, such as `processing.max_past_skew`.
    public let path: String
    /// What the field sets, in a few words (shown by `liaison run --help`).
    public let summary: String
    /// False for secrets that may only come from the environment (`admin.token`).
    public let inFile: Bool
    /// True when the value is a list or mapping: the variable then holds YAML flow syntax,
    /// such as `[{topic: dept.tax, units: [tax]}]`.
    public let structured: Bool
    /// Variable names kept from before the names were generated; they still work.
    public let legacyVariables: [String]
    let apply: @Sendable (inout ConfigurationReader, Node, String, inout LiaisonConfiguration) -> Void

    init(_ path: String, _ summary: String, inFile: Bool = true, structured: Bool = false, legacy: [String] = [],
         apply: @escaping @Sendable (inout ConfigurationReader, Node, String, inout LiaisonConfiguration) -> Void) {
        self.path = path
        self.summary = summary
        self.inFile = inFile
        self.structured = structured
        self.legacyVariables = legacy
        self.apply = apply
    }

    /// The generated variable: `LIAISON_` and the path in capitals, dots as underscores
    /// (`processing.max_past_skew` ↔ `LIAISON_PROCESSING_MAX_PAST_SKEW`).
    public var variable: String {
        Self.variable(for: path)
    }

    /// The variable the generated rule gives `path`.
    public static func variable(for path: String) -> String {
        "LIAISON_" + path.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// Any librdkafka property as `LIAISON_KAFKA_PROPERTY_<NAME>`: `sasl.password` ↔
    /// `LIAISON_KAFKA_PROPERTY_SASL_PASSWORD`.
    public static let kafkaPropertyPrefix = "LIAISON_KAFKA_PROPERTY_"

    /// Variables read outside the configuration (logging), accepted without complaint.
    public static let otherVariables: Set<String> = ["LIAISON_LOG_LEVEL", "LIAISON_LOG_FORMAT", "LIAISON_STORE_PASSWORD", "LIAISON_AUDIT_KEY"]

    /// The field a variable overrides, by its generated or its legacy name.
    public static func field(forVariable name: String) -> ConfigurationField? {
        byVariable[name]
    }

    private static let byVariable: [String: ConfigurationField] = {
        var map: [String: ConfigurationField] = [:]
        for field in all {
            map[field.variable] = field
            for legacy in field.legacyVariables { map[legacy] = field }
        }
        return map
    }()

    /// The list of variables for `liaison run --help`, one line per field.
    public static var environmentHelp: String {
        var lines = all.map { field -> String in
            var line = "\(field.variable) (\(field.path)): \(field.summary)"
            if !field.legacyVariables.isEmpty { line += " (also \(field.legacyVariables.joined(separator: ", ")))" }
            return line
        }
        lines.append("\(kafkaPropertyPrefix)<NAME>: one librdkafka property (sasl.password ↔ \(kafkaPropertyPrefix)SASL_PASSWORD)")
        return lines.joined(separator: "\n")
    }
}

extension ConfigurationReader {
    /// Reads a mapping at `prefix` ("" for the root) through the field table: known leaves are
    /// applied, known sections descended into, anything else reported with its line.
    mutating func readSection(_ node: Node, prefix: String, into c: inout LiaisonConfiguration) {
        var leaves: [String: ConfigurationField] = [:]
        var sections: Set<String> = []
        for field in ConfigurationField.all where field.inFile && (prefix.isEmpty || field.path.hasPrefix(prefix + ".")) {
            let rest = prefix.isEmpty ? field.path : String(field.path.dropFirst(prefix.count + 1))
            let key = String(rest.split(separator: ".")[0])
            if rest == key { leaves[key] = field } else { sections.insert(key) }
        }
        forEachField(node, path: prefix, allowed: Set(leaves.keys).union(sections)) { reader, key, value in
            if let field = leaves[key] {
                field.apply(&reader, value, field.path, &c)
            } else {
                reader.readSection(value, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &c)
            }
        }
    }

    /// Applies `LIAISON_*` variables through the field table; `LIAISON_KAFKA_PROPERTY_<NAME>`
    /// sets one librdkafka property; an unknown `LIAISON_*` variable is reported.
    mutating func applyEnvironment(_ environment: [String: String], to c: inout LiaisonConfiguration) {
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix("LIAISON_") {
            let located = "environment variable \(name)"
            if let field = ConfigurationField.field(forVariable: name) {
                guard field.structured else {
                    field.apply(&self, Node(value), located, &c)
                    continue
                }
                guard let node = try? Yams.compose(yaml: value) else {
                    diagnostics.append(Diagnostic(file: "<environment>", line: 0, column: 0,
                                                  message: "\(name) must hold YAML flow syntax for \(field.path)"))
                    continue
                }
                field.apply(&self, node, located, &c)
            } else if name.hasPrefix(ConfigurationField.kafkaPropertyPrefix), name.count > ConfigurationField.kafkaPropertyPrefix.count {
                let property = name.dropFirst(ConfigurationField.kafkaPropertyPrefix.count).lowercased().replacingOccurrences(of: "_", with: ".")
                c.kafka.properties[property] = value
            } else if name == "LIAISON_STORE_PASSWORD" {
                c.store.password = value
            } else if name == "LIAISON_AUDIT_KEY" {
                c.audit.signingKey = value
            } else if !ConfigurationField.otherVariables.contains(name) {
                diagnostics.append(Diagnostic(file: "<environment>", line: 0, column: 0, message: "unknown variable \(name)"))
            }
        }
    }
}
