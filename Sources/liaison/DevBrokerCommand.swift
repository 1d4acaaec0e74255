import ArgumentParser
import Foundation
import LiaisonKafka
import Logging
import UnixSignals

/// `liaison dev-broker`: runs librdkafka's mock Kafka cluster in this process until SIGTERM or
/// SIGINT, so that the daemon's end-to-end tests and people with kcat have a broker to talk to.
///
/// The first line on stdout is the bootstrap address and nothing else, for scripts.
struct DevBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-broker",
        abstract: "Run an in-process mock Kafka cluster for development and tests.",
        discussion: """
            Prints the bootstrap address as the first line of stdout, then runs until SIGTERM or \
            SIGINT. SIGUSR1 takes every broker down (connections refused) and SIGUSR2 brings them \
            back, to rehearse an outage. The mock keeps only the newest 5 MiB per partition and has no CreateTopics \
            API: create topics with --topic. Topics asked for by clients are auto-created with \
            4 partitions.
            """
    )

    @Option(help: "Number of brokers in the cluster.")
    var brokers: Int = 1

    @Option(name: .customLong("topic"), help: "A topic to create, as NAME or NAME:PARTITIONS (default 4 partitions). Repeatable.")
    var topics: [String] = []

    @Option(name: .customLong("write-bootstrap"), help: "Also write the bootstrap address to this file.")
    var bootstrapFile: String?

    /// The `--topic` values as (name, partitions).
    private func topicSpecs() throws -> [(name: String, partitions: Int32)] {
        try topics.map { text in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard let name = parts.first, !name.isEmpty, parts.count <= 2 else {
                throw ValidationError("--topic '\(text)': expected NAME or NAME:PARTITIONS")
            }
            guard parts.count == 2 else { return (String(name), 4) }
            guard let partitions = Int32(parts[1]), partitions > 0 else {
                throw ValidationError("--topic '\(text)': partitions must be a positive number")
            }
            return (String(name), partitions)
        }
    }

    func validate() throws {
        guard (1...16).contains(brokers) else { throw ValidationError("--brokers must be between 1 and 16") }
        _ = try topicSpecs()
    }

    func run() async throws {
        var logger = Logger(label: "liaison.dev-broker")
        logger.logLevel = .warning
        // Trapped before the cluster starts, so that a signal sent as soon as the bootstrap
        // address is printed is handled (the default handlers are replaced: the command shuts
        // the cluster down and exits 0).
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint, .sigusr1, .sigusr2)
        let cluster = try MockCluster(brokers: brokers, logger: logger)
        let specs = try topicSpecs()
        for spec in specs {
            try cluster.createTopic(spec.name, partitions: spec.partitions, replicationFactor: Int32(min(brokers, 3)))
        }
        if let bootstrapFile {
            try (cluster.bootstrapServers + "\n").write(toFile: bootstrapFile, atomically: true, encoding: .utf8)
        }
        var lines = [cluster.bootstrapServers]
        lines.append("mock Kafka cluster: \(brokers) broker(s) at \(cluster.bootstrapServers)")
        for spec in specs { lines.append("topic \(spec.name): \(spec.partitions) partition(s)") }
        lines.append("try: kcat -b \(cluster.bootstrapServers) -L")
        lines.append("stop with Ctrl-C or SIGTERM")
        Self.writeOut(lines.joined(separator: "\n") + "\n")

        for await signal in signals {
            if signal == .sigusr1 || signal == .sigusr2 {
                let down = signal == .sigusr1
                for id in 1...Int32(brokers) {
                    if down { cluster.setBrokerDown(id) } else { cluster.setBrokerUp(id) }
                }
                Self.writeOut(down ? "all brokers down (SIGUSR1)\n" : "all brokers up (SIGUSR2)\n")
                continue
            }
            Self.writeOut("received signal \(signal.rawValue), stopping\n")
            break
        }
        withExtendedLifetime(cluster) {}
    }

    /// Writes to stdout unbuffered, so that a parent process reading a pipe sees it at once.
    private static func writeOut(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
