import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonRuntime
import LiaisonStore
import Logging

/// `liaison run`: the production daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon against a Kafka cluster (the production mode).",
        discussion: """
            Reads the department topics named in the configuration, keeps every case's state in \
            the store, and publishes assignments, reminders, escalations and the audit stream. \
            SIGTERM finishes the batch in hand, commits it, empties the outbox and exits 0. A \
            shutdown that takes longer than shutdown.timeout (default 25s) stops waiting and exits \
            75: the store and the uncommitted offsets keep everything for the next start. Exit \
            status 1 means the daemon could not start or failed (the log says why).

            Every field of the configuration file can be overridden from the environment: the \
            variable is LIAISON_ and the field's path in capitals, dots as underscores. Lists and \
            mappings take YAML flow syntax (LIAISON_TOPICS_INPUTS='[{topic: dept.tax, units: [tax]}]'). \
            See deploy/liaison.yaml for every field and its default.

            """ + ConfigurationField.environmentHelp + "\n"
    )

    @Option(name: .shortAndLong, help: "The configuration file (YAML). Without it, defaults plus LIAISON_* variables.")
    var config: String?

    @Flag(help: "Start although the store holds open cases of workflow versions that are not loaded (also allow_orphaned_cases / LIAISON_ALLOW_ORPHANED_CASES); their events are then refused as unknown-workflow.")
    var allowOrphanedCases = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "Log format: text (human-readable lines) or json (one object per line, RFC 3339 times).")
    var logFormat: LogFormat = .text

    func run() async throws {
        let logger = LiaisonLogging.bootstrap(level: logLevel, format: logFormat)
        OpenFileLimit.raise(logger: logger)
        let exposition = PrometheusBackend.bootstrap()
        var configuration: LiaisonConfiguration
        do {
            configuration = try ConfigurationFile.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CLIError("\(error)")
        }
        if allowOrphanedCases { configuration.allowOrphanedCases = true }
        let catalog = try WorkflowFiles.loadOrExplain(configuration.workflows)
        do {
            try await Daemon(configuration: configuration, catalog: catalog, metricsExposition: exposition, logger: logger).run()
        } catch let error as RuntimeError where error.code == .shutdownTimedOut {
            throw ExitCode(Daemon.shutdownTimedOutStatus)
        } catch let error as StoreError {
            throw CLIError(error.withAdvice)
        }
    }
}
