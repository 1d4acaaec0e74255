import Foundation
import LiaisonCore
@testable import LiaisonRuntime
import Testing

@Suite("The configuration file and its environment overrides")
struct ConfigurationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theShippedExampleLoadsWithEveryFieldRead() throws {
        let path = Self.root.appendingPathComponent("deploy/liaison.yaml").path
        let configuration = try ConfigurationFile.load(path: path, environment: [:])
        #expect(configuration.instanceID == "liaison-0")
        #expect(configuration.kafka.bootstrap == "kafka-1.gov.internal:9092,kafka-2.gov.internal:9092")
        #expect(configuration.kafka.properties["sasl.mechanisms"] == "SCRAM-SHA-512")
        #expect(configuration.topics.inputs.count == 5)
        #expect(configuration.topics.inputs.first == .init(name: "dept.service-window", units: ["service-window"]))
        #expect(configuration.store.path == "/var/lib/liaison/liaison.sqlite")
        #expect(configuration.processing.batchMaxWait == .milliseconds(20))
        #expect(configuration.processing.inboxTTL == .seconds(86_400))
        #expect(configuration.processing.timerGrace == .zero)
        #expect(configuration.metrics.interval == .seconds(60))
    }

    @Test func theMetricsIntervalIsReadFromTheFileAndOverriddenByTheEnvironment() throws {
        let file = try LiaisonConfiguration.load(yaml: "metrics: { interval: 5s }\n", file: "c.yaml", environment: [:])
        #expect(file.metrics.interval == .seconds(5))
        let overridden = try LiaisonConfiguration.load(yaml: "metrics: { interval: 5s }\n", file: "c.yaml",
                                                       environment: ["LIAISON_METRICS_INTERVAL": "1s"])
        #expect(overridden.metrics.interval == .seconds(1))
        #expect(LiaisonConfiguration().metrics.interval == .seconds(60))
        #expect(throws: DefinitionErrors.self) {
            _ = try LiaisonConfiguration.load(yaml: "metrics: { every: 5s }\n", file: "c.yaml", environment: [:])
        }
    }

    @Test func environmentVariablesOverrideTheFileAndPassLibrdkafkaPropertiesThrough() throws {
        let configuration = try LiaisonConfiguration.load(
            yaml: "kafka: { bootstrap: a:1 }\nprocessing: { timer_grace: 1500ms }\n",
            file: "c.yaml",
            environment: ["LIAISON_KAFKA_BOOTSTRAP": "b:2", "LIAISON_KAFKA_PROPERTY_SASL_PASSWORD": "secret",
                          "LIAISON_BATCH_MAX_WAIT": "5ms", "PATH": "/bin"]
        )
        #expect(configuration.kafka.bootstrap == "b:2")
        #expect(configuration.kafka.properties["sasl.password"] == "secret")
        #expect(configuration.processing.batchMaxWait == .milliseconds(5))
        #expect(configuration.processing.timerGrace == .milliseconds(1_500))
    }

    @Test func everyWrongFieldIsReportedWithItsLineAndNothingIsLoaded() {
        let yaml = """
            kafka:
              bootstrap: a:1
              bootstrp: typo
            processing:
              batch_max_wait: soon
              batch_max_events: -3
            topics:
              inputs:
                - { topic: dept.tax }
            """
        #expect {
            _ = try LiaisonConfiguration.load(yaml: yaml, file: "bad.yaml", environment: ["LIAISON_NOPE": "1"])
        } throws: { error in
            guard let errors = error as? DefinitionErrors else { return false }
            let text = errors.description
            return text.contains("bad.yaml:3:3: error: unknown field 'kafka.bootstrp'")
                && text.contains("bad.yaml:5:19: error: 'processing.batch_max_wait' must be a duration")
                && text.contains("bad.yaml:6:21: error: 'processing.batch_max_events' must be a positive whole number")
                && text.contains("topic 'dept.tax' names no unit")
                && text.contains("unknown variable LIAISON_NOPE")
        }
    }
}

@Suite("The configuration file's YAML mistakes are located like a workflow's")
struct ConfigurationSyntaxTests {
    @Test func anUnclosedBracketPointsWhereItOpenedWithAdvice() {
        let yaml = "kafka:\n  bootstrap: localhost:9092\ntopics:\n  inputs: [ { topic: dept.tax, units: [tax] }\nstore:\n  path: x\n"
        do {
            _ = try LiaisonConfiguration.load(yaml: yaml, file: "liaison.yaml")
            Issue.record("a configuration with an unclosed bracket was accepted")
        } catch {
            let diagnostic = error.diagnostics.first
            #expect(diagnostic?.line == 4, "\(error)")
            #expect(diagnostic?.column == 11, "\(error)")
            #expect(error.description.contains("liaison.yaml:4:11"), "\(error)")
        }
    }
}
