import Foundation
import LiaisonCore
@testable import LiaisonRuntime
import Testing
import Yams

@Suite("Every configuration field has one environment variable, generated from one table")
struct ConfigurationEnvironmentTests {
    static let shipped = ConfigurationTests.root.appendingPathComponent("deploy/liaison.yaml").path

    /// The leaves of a YAML document as (dotted path, node), stopping at known fields so that
    /// lists and mappings (topics.inputs, kafka.properties) count as one field.
    static func leaves(_ node: Node, prefix: String = "") -> [(String, Node)] {
        let known = Set(ConfigurationField.all.map(\.path))
        guard !known.contains(prefix), case .mapping(let mapping) = node else { return [(prefix, node)] }
        return mapping.flatMap { key, value in leaves(value, prefix: prefix.isEmpty ? key.string! : "\(prefix).\(key.string!)") }
    }

    @Test func theShippedFileWrittenAsVariablesGivesTheSameConfiguration() throws {
        let text = try String(contentsOfFile: Self.shipped, encoding: .utf8)
        let fields = Self.leaves(try #require(try Yams.compose(yaml: text)))
        #expect(fields.count >= 30, "every field of deploy/liaison.yaml is set there")
        var environment: [String: String] = [:]
        for (path, node) in fields {
            let field = ConfigurationField.all.first { $0.path == path }
            #expect(field != nil, "deploy/liaison.yaml's \(path) has no entry in ConfigurationField.all, so no variable")
            environment[ConfigurationField.variable(for: path)] = try node.scalar?.string ?? Yams.serialize(node: node)
        }
        let fromFile = try ConfigurationFile.load(path: Self.shipped, environment: [:])
        let fromEnvironment = try LiaisonConfiguration.fromEnvironment(environment)
        #expect(fromEnvironment == fromFile)
    }

    @Test func theGeneratedRuleNamesEachVariableAfterItsPath() throws {
        #expect(ConfigurationField.variable(for: "processing.max_past_skew") == "LIAISON_PROCESSING_MAX_PAST_SKEW")
        let c = try LiaisonConfiguration.fromEnvironment([
            "LIAISON_PROCESSING_MAX_PAST_SKEW": "2d", "LIAISON_SHUTDOWN_TIMEOUT": "7s",
            "LIAISON_ADMIN_IDLE_TIMEOUT": "3s", "LIAISON_TOPICS_INPUTS": "[{topic: dept.tax, units: [tax]}]",
        ])
        #expect(c.processing.maxPastSkew == .seconds(2 * 86_400))
        #expect(c.shutdown.timeout == .seconds(7))
        #expect(c.admin.idleTimeout == .seconds(3))
        #expect(c.topics.inputs == [.init(name: "dept.tax", units: ["tax"])])
    }

    @Test func theNamesUsedBeforeKeepWorking() throws {
        let c = try LiaisonConfiguration.fromEnvironment([
            "LIAISON_STORE_PATH": "/s.sqlite", "LIAISON_INBOX_TTL": "2h", "LIAISON_ADMIN_TOKEN": "t",
            "LIAISON_BATCH_MAX_EVENTS": "7", "LIAISON_BATCH_MAX_WAIT": "3ms", "LIAISON_INSTANCE": "i-1",
            "LIAISON_KAFKA_PROPERTY_SASL_PASSWORD": "pw", "LIAISON_WORKFLOWS": "/w", "LIAISON_LOG_LEVEL": "debug",
        ])
        #expect(c.store.path == "/s.sqlite")
        #expect(c.processing.inboxTTL == .seconds(7_200))
        #expect(c.admin.token == "t")
        #expect(c.processing.batchMaxEvents == 7)
        #expect(c.processing.batchMaxWait == .milliseconds(3))
        #expect(c.instanceID == "i-1")
        #expect(c.kafka.properties["sasl.password"] == "pw")
        #expect(c.workflows == "/w")
    }

    @Test func theHelpListsEveryVariableOfTheTable() {
        let help = ConfigurationField.environmentHelp
        for field in ConfigurationField.all {
            #expect(help.contains(field.variable + " (\(field.path))"), "\(field.variable) missing from liaison run --help")
        }
        #expect(help.contains("LIAISON_KAFKA_PROPERTY_<NAME>"))
    }

    @Test func aBadValueInAVariableIsReportedByName() {
        #expect {
            _ = try LiaisonConfiguration.fromEnvironment(["LIAISON_SHUTDOWN_TIMEOUT": "0s", "LIAISON_TOPICS_INPUTS": "{"])
        } throws: { error in
            let text = (error as? DefinitionErrors)?.description ?? ""
            return text.contains("environment variable LIAISON_SHUTDOWN_TIMEOUT") && text.contains("LIAISON_TOPICS_INPUTS")
        }
    }
}
