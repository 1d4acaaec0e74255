import Foundation
import LiaisonCore
import LiaisonKafka
import Logging
import Synchronization

/// A standalone test cluster (`liaison dev-broker`) and a daemon (`liaison run`) as separate
/// processes, with a workflow folder, a configuration file and a store in a temporary folder.
///
/// Checked `Sendable`: the daemons it started, the only state that changes, are behind a `Mutex`.
final class EndToEndFixture: Sendable {
    static let units = ["service-window", "alpha", "beta", "gamma", "lead-unit"]
    static let outputTopics = ["liaison.assignments", "liaison.reminders", "liaison.escalations",
                               "liaison.cases", "liaison.metrics", "liaison.deadletter"]

    let folder: TemporaryFolder
    /// The `liaison dev-broker` process; nil when the test brings its own cluster.
    let broker: ChildProcess?
    /// The test's own cluster, in its process (for injecting faults); nil with `dev-broker`.
    let cluster: MockCluster?
    let bootstrap: String
    /// The daemons started so far, and how many were (each writes its own log).
    private let daemons = Mutex(Daemons())
    /// The `liaison run` process the test talks to; a test may start its own in its place.
    var daemon: ChildProcess? {
        get { daemons.withLock { $0.main } }
        set { daemons.withLock { $0.main = newValue } }
    }
    /// Daemons started besides ``daemon`` (several instances over one shared store).
    var others: [ChildProcess] { daemons.withLock { $0.others } }
    let logger: Logger = {
        var logger = Logger(label: "e2e")
        logger.logLevel = .warning
        return logger
    }()
    let batchMaxEvents: Int
    /// How often the daemon publishes `liaison.metrics`; off by default so that the outputs of
    /// two runs can be compared record for record.
    let metricsInterval: String
    /// The shared PostgreSQL store's address, or nil for the SQLite file in the folder.
    let storeURL: String?
    /// Set when the departments publish on one topic keyed by case id with this partitioner,
    /// which the daemon reads directly (``directTopic``, as many partitions as the inbound
    /// topic would have); nil: a topic per unit, through the router.
    let direct: KeyPartitioner?
    /// The one department topic of a fixture with ``direct`` set.
    static let directTopic = "dept.joint"

    private struct Daemons {
        var main: ChildProcess?
        var others: [ChildProcess] = []
        var runs = 0
    }

    /// Starts the cluster and writes the workflows and the configuration.
    init(name: String, workflows: [String: String], inboundPartitions: Int = 4, batchMaxEvents: Int = 500,
         metricsInterval: String = "0s", storeURL: String? = nil, cluster: MockCluster? = nil,
         direct: KeyPartitioner? = nil) async throws {
        self.batchMaxEvents = batchMaxEvents
        self.direct = direct
        self.metricsInterval = metricsInterval
        self.storeURL = storeURL
        folder = try TemporaryFolder(name)
        for (file, text) in workflows {
            try folder.write("Workflows/\(file)", text)
        }
        // Department topics of differing partition counts, as real departments have.
        var topics = Self.units.enumerated().map { ("dept.\($1)", Int32($0 % 3 + 1)) }
        // Read directly, the department topic is the one keyed by case id, and no inbound topic exists.
        topics.append(direct == nil ? ("liaison.inbound", Int32(inboundPartitions)) : (Self.directTopic, Int32(inboundPartitions)))
        topics += (Self.outputTopics + ["liaison.audit"]).map { ($0, 2) }
        self.cluster = cluster
        if let cluster {
            for (topic, partitions) in topics { try cluster.createTopic(topic, partitions: partitions, replicationFactor: 3) }
            broker = nil
            bootstrap = cluster.bootstrapServers
        } else {
            var arguments = ["dev-broker", "--brokers", "1", "--write-bootstrap", folder.file("bootstrap")]
            for (topic, partitions) in topics { arguments += ["--topic", "\(topic):\(partitions)"] }
            broker = try ChildProcess(arguments: arguments, logPath: folder.file("broker.log"))
            bootstrap = try await Self.waitForFile(folder.file("bootstrap"), timeout: .seconds(30))
        }
        // The daemon signs its audit checkpoints (`run` refuses to start without a key).
        try folder.write("audit.key", AuditSigningKey.generate().hex)
        try folder.write("liaison.yaml", configuration())
    }

    /// The daemon's configuration: one topic per unit, the store in the folder.
    func configuration() -> String {
        var text = """
            kafka:
              bootstrap: \(bootstrap)
              group: e2e
              properties:
                session.timeout.ms: "6000"
                heartbeat.interval.ms: "1000"
            workflows: \(folder.file("Workflows"))
            metrics:
              interval: \(metricsInterval)
            audit:
              signing_key: \(folder.file("audit.key"))
            store:
              \(storeURL.map { "url: \($0)" } ?? "path: \(folder.file("state/liaison.sqlite"))")
            admin:
              listen: 127.0.0.1:0
            processing:
              batch_max_wait: 10ms
              batch_max_events: \(batchMaxEvents)
              max_event_bytes: 65536
            topics:
              inputs:

            """
        if let direct {
            text += "    - { topic: \(Self.directTopic), units: [\(Self.units.joined(separator: ", "))], keyed_by_case: \(direct.rawValue) }\n"
            return text
        }
        for unit in Self.units {
            text += "    - { topic: dept.\(unit), units: [\(unit)] }\n"
        }
        return text
    }

    /// Starts `liaison run` on the fixture's configuration.
    func startDaemon() throws {
        daemon = try ChildProcess(arguments: ["run", "--config", folder.file("liaison.yaml"), "--log-level", "info"],
                                  logPath: nextDaemonLog())
    }

    /// The log file of the next daemon started: `daemon-1.log`, `daemon-2.log`, …
    private func nextDaemonLog() -> String {
        let run = daemons.withLock { daemons in
            daemons.runs += 1
            return daemons.runs
        }
        return folder.file("daemon-\(run).log")
    }

    /// The store file of the daemon.
    var storePath: String { folder.file("state/liaison.sqlite") }

    /// librdkafka settings for the test's own producer and readers.
    var kafka: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: bootstrap, clientID: "e2e-test")
    }

    /// Starts one more `liaison run` on the same configuration (its own instance id: the
    /// default, host and pid); returns its index in ``others``.
    @discardableResult
    func startOtherDaemon() throws -> Int {
        let other = try ChildProcess(arguments: ["run", "--config", folder.file("liaison.yaml"), "--log-level", "info"],
                                     logPath: nextDaemonLog())
        return daemons.withLock { daemons in
            daemons.others.append(other)
            return daemons.others.count - 1
        }
    }

    /// Starts instance `index` of ``others`` again, after it stopped.
    func restartOther(_ index: Int) throws {
        let other = try ChildProcess(arguments: ["run", "--config", folder.file("liaison.yaml"), "--log-level", "info"],
                                     logPath: nextDaemonLog())
        daemons.withLock { $0.others[index] = other }
    }

    func cleanUp() {
        for other in others { other.signal(SIGKILL) }
        daemon?.signal(SIGKILL)
        broker?.signal(SIGKILL)
        folder.cleanUp()
    }

    static func waitForFile(_ path: String, timeout: Duration) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let line = text.split(separator: "\n").first, !line.isEmpty {
                return String(line)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError("no \(path) after \(timeout)")
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension EndToEndFixture {
    /// Starts the daemon, waits until it is ready, and gives a department producer and an
    /// output reader connected to the cluster.
    func startDaemonWithClients() async throws -> (KafkaProducer, OutputReader) {
        try startDaemon()
        try await waitUntilDaemonReady()
        return (try KafkaProducer(configuration: kafka, logger: logger), try OutputReader(kafka: kafka, logger: logger))
    }

    /// Waits until the daemon's log shows that it owns its partitions and reads its topics.
    func waitUntilDaemonReady(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let log = daemon?.output ?? ""
            let reading = direct == nil ? log.contains("router assigned") : log.contains("reads its department topic directly")
            if log.contains("acquired partitions") && reading { return }
            if let daemon, !daemon.process.isRunning {
                throw FixtureError("the daemon exited early:\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError("the daemon was not ready after \(timeout):\n\(daemon?.output ?? "")")
    }
}

extension EndToEndFixture {
    /// Department records as this fixture's departments publish them: on their unit's topic, or
    /// all on ``directTopic`` (keyed by case id already).
    func addressed(_ records: [KafkaRecord]) -> [KafkaRecord] {
        guard direct != nil else { return records }
        return records.map { record in
            var moved = record
            moved.topic = Self.directTopic
            return moved
        }
    }

    /// Inbound records whose effects the store holds: the sum of its committed offsets,
    /// read with the sqlite3 tool (or psql) while the daemon runs.
    func appliedInboundRecords() throws -> Int64 {
        let text = try storeRows("SELECT coalesce(sum(next_offset), 0) FROM offsets").last ?? "0"
        return Int64(text.trimmingCharacters(in: .whitespaces)) ?? 0
    }

    /// The rows one query (in the SQL both stores speak) returns, columns separated by `|`,
    /// read with the sqlite3 tool (or psql) while the daemon runs; none before the store exists.
    func storeRows(_ sql: String) throws -> [String] {
        let process = Process()
        let pipe = Pipe()
        if let storeURL {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            process.arguments = ["-At", "-c", sql, storeURL.replacingOccurrences(of: "?sslmode=disable", with: "")]
        } else {
            guard FileManager.default.fileExists(atPath: storePath) else { return [] }
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = ["-readonly", "-cmd", ".timeout 2000", storePath, sql]
        }
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
