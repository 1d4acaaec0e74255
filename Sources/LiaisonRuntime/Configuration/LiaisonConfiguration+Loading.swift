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
        do {
            if let root = try Yams.compose(yaml: yaml) {
                reader.read(root, into: &configuration)
            }
        } catch {
            throw DefinitionErrors([Diagnostic(file: file, line: 0, column: 0, message: "not valid YAML: \(error)")])
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
        diagnostics.append(Diagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message))
    }

    mutating func read(_ root: Node, into c: inout LiaisonConfiguration) {
        forEachField(root, path: "", allowed: ["instance", "kafka", "topics", "store", "workflows", "processing", "metrics", "admin"]) { reader, key, value in
            switch key {
            case "instance": reader.string(value, "instance").map { c.instanceID = $0 }
            case "kafka": reader.readKafka(value, into: &c.kafka)
            case "topics": reader.readTopics(value, into: &c.topics)
            case "store":
                reader.forEachField(value, path: "store", allowed: ["path"]) { r, _, v in
                    r.string(v, "store.path").map { c.store.path = $0 }
                }
            case "workflows": reader.string(value, "workflows").map { c.workflows = $0 }
            case "admin": reader.readAdmin(value, into: &c.admin)
            case "metrics":
                reader.forEachField(value, path: "metrics", allowed: ["interval"]) { r, _, v in
                    r.duration(v, "metrics.interval").map { c.metrics.interval = $0 }
                }
            default: reader.readProcessing(value, into: &c.processing)
            }
        }
    }

    mutating func readKafka(_ node: Node, into k: inout LiaisonConfiguration.Kafka) {
        forEachField(node, path: "kafka", allowed: ["bootstrap", "group", "properties"]) { r, key, v in
            switch key {
            case "bootstrap": r.string(v, "kafka.bootstrap").map { k.bootstrap = $0 }
            case "group": r.string(v, "kafka.group").map { k.group = $0 }
            default:
                guard case .mapping(let mapping) = v else {
                    return r.report(v, "kafka.properties must be a mapping of librdkafka property names to values")
                }
                for (name, value) in mapping {
                    guard let n = name.string, let s = value.string else {
                        r.report(value, "kafka.properties: each property needs a name and a scalar value")
                        continue
                    }
                    k.properties[n] = s
                }
            }
        }
    }

    mutating func readTopics(_ node: Node, into t: inout LiaisonConfiguration.Topics) {
        let outputs: [String: WritableKeyPath<LiaisonConfiguration.Topics, String>] = [
            "inbound": \.inbound, "assignments": \.assignments, "reminders": \.reminders,
            "escalations": \.escalations, "cases": \.cases, "metrics": \.metrics, "deadletter": \.deadletter,
        ]
        let allowed = Set(outputs.keys).union(["inputs", "inbound_partitions"])
        forEachField(node, path: "topics", allowed: allowed) { r, key, v in
            if let path = outputs[key] {
                r.string(v, "topics.\(key)").map { t[keyPath: path] = $0 }
            } else if key == "inbound_partitions" {
                r.positiveInt(v, "topics.inbound_partitions").map { t.inboundPartitions = Int32($0) }
            } else {
                r.readInputs(v, into: &t.inputs)
            }
        }
    }

    mutating func readInputs(_ node: Node, into inputs: inout [LiaisonConfiguration.InputTopic]) {
        guard case .sequence(let items) = node else {
            return report(node, "topics.inputs must be a list of { topic: NAME, units: [UNIT, …] }")
        }
        for item in items {
            var name: String?
            var units: [String] = []
            forEachField(item, path: "topics.inputs[]", allowed: ["topic", "units"]) { r, key, v in
                if key == "topic" {
                    name = r.string(v, "topics.inputs[].topic")
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
            inputs.append(.init(name: name, units: units))
        }
    }

    mutating func readProcessing(_ node: Node, into p: inout LiaisonConfiguration.Processing) {
        let allowed: Set = ["batch_max_events", "batch_max_wait", "inbox_ttl", "max_future_skew", "max_past_skew", "max_event_bytes",
                            "timer_grace", "inbox_max_events", "inbox_max_bytes", "seen_ids_per_unit", "state_cache_cases"]
        forEachField(node, path: "processing", allowed: allowed) { r, key, v in
            let path = "processing.\(key)"
            switch key {
            case "batch_max_events": r.positiveInt(v, path).map { p.batchMaxEvents = $0 }
            case "max_event_bytes": r.positiveInt(v, path).map { p.maxEventBytes = $0 }
            case "batch_max_wait": r.duration(v, path).map { p.batchMaxWait = $0 }
            case "inbox_ttl": r.duration(v, path).map { p.inboxTTL = $0 }
            case "timer_grace": r.duration(v, path).map { p.timerGrace = $0 }
            case "max_past_skew": r.duration(v, path).map { p.maxPastSkew = $0 }
            case "inbox_max_events": r.positiveInt(v, path).map { p.inboxMaxEvents = $0 }
            case "inbox_max_bytes": r.positiveInt(v, path).map { p.inboxMaxBytes = $0 }
            case "seen_ids_per_unit": r.positiveInt(v, path).map { p.seenIDsPerUnit = $0 }
            case "state_cache_cases": r.nonNegativeInt(v, path).map { p.stateCacheCases = $0 }
            default: r.duration(v, path).map { p.maxFutureSkew = $0 }
            }
        }
    }
}
