import Foundation
import LiaisonCore
import LiaisonDev
import LiaisonRuntime
import LiaisonStore

/// What `liaison dev` prints for a person watching it.
enum DevConsole {
    /// The start-up banner: where the cluster is and how to talk to it.
    static func banner(configuration: LiaisonConfiguration, catalog: WorkflowCatalog, bootstrapFile: String, demo: Bool) {
        let bootstrap = configuration.kafka.bootstrap
        let workflows = catalog.workflows.map { "\($0.id)@\($0.version)" }.sorted().joined(separator: ", ")
        let topics = configuration.topics
        let cockpit = configuration.admin.enabled ? "http://\(configuration.admin.listen)/cockpit" : "off (admin.listen is off)"
        ProgressReporter.write("""
            liaison dev — embedded Kafka test cluster at \(bootstrap) (also in \(bootstrapFile))
              store:      \(configuration.store.path)
              workflows:  \(workflows)
              inputs:     \(topics.inputs.map(\.name).joined(separator: ", "))
              outputs:    \(topics.outputs.joined(separator: ", "))
            watch the outputs:   kcat -b \(bootstrap) -C -t \(topics.reminders) -f '%h %s\\n'
            the cockpit:         \(cockpit)
            publish an event:    kcat -b \(bootstrap) -P -t dept.service-window -H content-type=application/cloudevents+json
            \(demo ? "demo departments are starting; outputs appear below." : "waiting for department events (run with --demo for generated traffic).")
            """)
    }

    /// One line per acknowledged output: when, topic, type, case, unit and the essentials.
    @Sendable static func printOutputs(_ entries: [OutboxEntry]) {
        var lines = ""
        for entry in entries {
            lines += line(entry.message) + "\n"
        }
        FileHandle.standardOutput.write(Data(lines.utf8))
    }

    static func line(_ message: OutboxMessage) -> String {
        func header(_ name: String) -> String? {
            message.headers.last { $0.name == name }?.value.map { String(decoding: $0, as: UTF8.self) }
        }
        let key = message.key.map { String(decoding: $0, as: UTF8.self) } ?? "-"
        if let code = header(RecordHeaders.reasonCode) {
            return "  dead letter  \(key)  \(code): \(header(RecordHeaders.reason) ?? "")"
        }
        let type = header("ce_type") ?? "?"
        var details = ""
        if type.hasPrefix("liaison.metrics."), let value = message.value, let data = try? JSONValue.parse(value) {
            details = metricsDetails(data)
        } else if let value = message.value, let data = try? JSONValue.parse(value), case .object(let members) = data {
            details = members.prefix(6).compactMap { name, value in
                switch value {
                case .string(let text): return "\(name)=\(text)"
                case .integer(let number): return "\(name)=\(number)"
                default: return nil
                }
            }.joined(separator: " ")
        }
        let shortType = type.hasPrefix("liaison.") ? String(type.dropFirst("liaison.".count)) : type
        return "  \(shortType.padding(toLength: 20, withPad: " ", startingAt: 0)) \(key)  \(details)"
    }
}
