import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonRuntime
import Logging

/// `liaison run`: the production daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon against a Kafka cluster (the production mode).",
        discussion: """
            Reads the department topics named in the configuration, keeps every case's state in \
            the store, and publishes assignments, reminders, escalations and the audit stream. \
            SIGTERM finishes the batch in hand, commits it, empties the outbox and exits 0.

            Every field of the configuration file can be overridden from the environment: \
            LIAISON_INSTANCE, LIAISON_KAFKA_BOOTSTRAP, LIAISON_KAFKA_GROUP, LIAISON_STORE_PATH, LIAISON_WORKFLOWS, \
            LIAISON_BATCH_MAX_EVENTS, LIAISON_BATCH_MAX_WAIT, LIAISON_INBOX_TTL, LIAISON_ADMIN_LISTEN, \
            LIAISON_ADMIN_TOKEN (the bearer token of the admin server's /v1 endpoints), and any librdkafka \
            property as LIAISON_KAFKA_PROPERTY_<NAME> (sasl.password → \
            LIAISON_KAFKA_PROPERTY_SASL_PASSWORD). See deploy/liaison.yaml for every field.
            """
    )

    @Option(name: .shortAndLong, help: "The configuration file (YAML). Without it, defaults plus LIAISON_* variables.")
    var config: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        let logger = LiaisonLogging.bootstrap(level: logLevel)
        OpenFileLimit.raise(logger: logger)
        let exposition = PrometheusBackend.bootstrap()
        let configuration: LiaisonConfiguration
        do {
            configuration = try ConfigurationFile.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CLIError("\(error)")
        }
        let catalog = try WorkflowFiles.loadOrExplain(configuration.workflows)
        try await Daemon(configuration: configuration, catalog: catalog, metricsExposition: exposition, logger: logger).run()
    }
}
