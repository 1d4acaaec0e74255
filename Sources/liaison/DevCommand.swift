import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonDev
import LiaisonKafka
import LiaisonRuntime
import LiaisonStore
import Logging
import ServiceLifecycle

/// `liaison dev`: the whole daemon on one machine with nothing to install.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run Liaison with an embedded Kafka test cluster and a local store.",
        discussion: """
            Starts librdkafka's mock Kafka cluster inside the process, creates the topics \
            (one department topic per unit, dept.<unit>, plus Liaison's own), keeps the store in \
            the state folder (./.liaison by default) and loads the workflows. It prints the \
            bootstrap address so that kcat can publish events and watch the outputs, and a line \
            for every output it publishes.

            The embedded cluster lives in memory: a restart starts with empty topics while the \
            store keeps its cases (use --fresh to start over). With --demo, simulated \
            departments open cases and answer their tasks (most promptly, some late, some \
            declining), and a few malformed records show the dead-letter path.

            Stop with Ctrl-C (SIGINT) or SIGTERM: the batch in hand is committed and the outbox \
            emptied before exit.
            """
    )

    @Flag(help: "Generate department traffic against the demo workflows.")
    var demo = false

    @Option(help: "Folder of workflow files (calendars in its calendars/ subfolder).")
    var workflows = "Workflows"

    @Option(help: "Folder for the store and the bootstrap address file.")
    var stateDir = ".liaison"

    @Option(help: "Brokers in the embedded cluster.")
    var brokers = 1

    @Option(help: "Seconds between demo cases.")
    var demoInterval = 3.0

    @Flag(help: "Delete the state folder's store before starting.")
    var fresh = false

    @Flag(help: "Start although the store holds open cases of workflow versions no longer in the folder.")
    var allowOrphanedCases = false

    @Flag(help: "Do not print a line per published output.")
    var quiet = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .notice

    func run() async throws {
        let logger = LiaisonLogging.bootstrap(level: logLevel)
        OpenFileLimit.raise(logger: logger)
        var configuration = try ConfigurationFile.load(path: nil, environment: ProcessInfo.processInfo.environment)
        configuration.workflows = workflows
        configuration.allowOrphanedCases = allowOrphanedCases
        configuration.store.path = (stateDir as NSString).appendingPathComponent("liaison.sqlite")
        configuration.processing.batchMaxWait = .milliseconds(10)
        // The demo's deadlines are seconds long and the embedded cluster adds delivery delay:
        // give events in flight a second before a deadline is judged missed.
        configuration.processing.timerGrace = .seconds(1)
        let catalog = try WorkflowFiles.loadOrExplain(workflows)
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true)
        try DevAuditKey.configure(&configuration, stateDir: stateDir)
        if fresh {
            // Under the store's lock: a store another `liaison dev` is using is never wiped.
            do {
                try SQLiteStore.removeFiles(at: configuration.store.path)
            } catch {
                throw CLIError("\(error)")
            }
        }

        let cluster = try MockCluster(brokers: brokers, logger: logger)
        configuration.kafka.bootstrap = cluster.bootstrapServers
        // The mock cluster waits a whole session time-out for group members to rejoin; keep it
        // short so that restarts and the demo's extra consumer group settle in seconds. It also
        // holds every fetch for fetch.wait.max.ms, which the demo's second-scale deadlines feel.
        for (name, value) in [("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "500"), ("fetch.wait.max.ms", "10")]
        where configuration.kafka.properties[name] == nil {
            configuration.kafka.properties[name] = value
        }
        DevTopology.configure(&configuration, catalog: catalog)
        for input in configuration.topics.inputs {
            try cluster.createTopic(input.name, partitions: 4)
        }
        try cluster.createTopic(configuration.topics.inbound, partitions: configuration.topics.inboundPartitions)
        for output in configuration.topics.outputs {
            try cluster.createTopic(output, partitions: 4)
        }
        let bootstrapFile = (stateDir as NSString).appendingPathComponent("bootstrap")
        try Data((cluster.bootstrapServers + "\n").utf8).write(to: URL(fileURLWithPath: bootstrapFile))
        DevConsole.banner(configuration: configuration, catalog: catalog, bootstrapFile: bootstrapFile, demo: demo)

        try await serve(configuration: configuration, catalog: catalog, logger: logger)
        // Every client of the cluster is gone by now; only then may the cluster stop.
        withExtendedLifetime(cluster) {}
        ProgressReporter.write("liaison dev stopped; state kept in \(stateDir)")
    }

    /// Runs the daemon (and the demo departments) until a shutdown signal; every Kafka client
    /// made here is released when it returns.
    private func serve(configuration: LiaisonConfiguration, catalog: WorkflowCatalog, logger: Logger) async throws {
        let exposition = PrometheusBackend.bootstrap() // before the daemon makes its metrics
        let daemon = Daemon(configuration: configuration, catalog: catalog, metricsExposition: exposition, logger: logger)
        var extra: [any Service] = [ProgressReporter(metrics: daemon.metrics, interval: .seconds(10))]
        if demo {
            extra.append(try DemoTraffic(configuration: configuration, catalog: catalog,
                                         kafka: daemon.kafkaConfiguration,
                                         interval: .milliseconds(Int64(demoInterval * 1000)), logger: logger))
        }
        try await daemon.run(extraServices: extra, observer: quiet ? nil : DevConsole.printOutputs)
    }
}
