import Foundation
import LiaisonKafka

/// The scene of the timer benchmark: a mock cluster in this process with the daemon's topics,
/// a temporary folder with the workflow, and configuration files for child daemons.
struct TimerSetup {
    /// Log lines that mean the daemon owns its partitions and reads its topics.
    static let ready = ["acquired partitions", "router assigned"]
    static let inboundPartitions: Int32 = 8
    static let inputTopic = "dept.bench"

    let cluster: MockCluster
    let directory: String
    let liaison: String
    /// Gives each daemon a `group.instance.id` (KIP-345), so that a restarted instance takes
    /// its partitions back without waiting for the old member's session to time out.
    var staticMembership = false
    let outputTopics = ["liaison.assignments", "liaison.reminders", "liaison.escalations", "liaison.cases"]

    init(liaison: String, storm: Int) throws {
        guard FileManager.default.isExecutableFile(atPath: liaison) else {
            throw BenchFailure(description: "no liaison executable at \(liaison): run `swift build -c release --product liaison` first")
        }
        self.liaison = liaison
        directory = NSTemporaryDirectory() + "liaison-bench-timers-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try BenchWorkload.writeWorkflowFolder(in: directory)
        cluster = try MockCluster(brokers: 1)
        try cluster.createTopic(Self.inputTopic, partitions: 4)
        try cluster.createTopic("liaison.inbound", partitions: Self.inboundPartitions)
        let partitions = BenchKafka.partitions(records: storm * 3, bytesPerRecord: 1_000)
        for topic in outputTopics + ["liaison.metrics", "liaison.deadletter", "liaison.audit"] {
            try cluster.createTopic(topic, partitions: partitions)
        }
    }

    func storePath(_ name: String) -> String { directory + "/\(name).sqlite" }

    /// A child daemon on store `store`, in consumer group `group`, logging to `<name>.log`.
    func child(store: String, group: String, name: String) throws -> ChildDaemon {
        var properties = BenchKafka.properties
        if staticMembership { properties["group.instance.id"] = "bench-\(store)" }
        let config = """
            kafka:
              bootstrap: \(cluster.bootstrapServers)
              group: \(group)
              properties:
            \(properties.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"" }.joined(separator: "\n"))
            workflows: \(directory)/Workflows
            store:
              path: \(storePath(store))
            \(try ChildAudit.section(for: liaison, in: directory))topics:
              inbound_partitions: \(Self.inboundPartitions)
              inputs:
                - { topic: \(Self.inputTopic), units: [\(BenchWorkload.opener), \(BenchWorkload.party)] }

            """
        let path = directory + "/\(name).yaml"
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        return ChildDaemon(executable: liaison, configPath: path, logPath: directory + "/\(name).log")
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
