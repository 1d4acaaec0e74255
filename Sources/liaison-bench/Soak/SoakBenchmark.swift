import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime

/// `liaison-bench soak`: the daemon under steady traffic for a long time, with timers firing,
/// sampled each minute for what grows when something leaks.
struct SoakBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "The daemon under steady traffic for --minutes: memory, descriptors, store and outbox each minute.",
        discussion: """
            A child `liaison run` (SQLite store) reads one department topic of this process's \
            mock cluster. Cases open at --rate events/s (three events a case); three in four \
            are accepted after 3 s and completed 5 s later; every fourth is accepted only \
            after its 20 s acceptance deadline, so its reminder and escalation fire first. \
            Every --sample seconds one line: the daemon's resident memory, open descriptors, \
            CPU, the store's size, cases and timers, the outbox depth, timers fired. At the \
            end the openings stop, the last cases finish, and the run fails unless every case \
            closed, every late case's timers fired, the outbox drained, resident memory \
            stayed within 10 % of its first sample after --warm-up minutes and descriptors \
            did not grow.
            """
    )

    /// The soak workflow's acceptance deadline (s).
    static let acceptWithin = 20

    @Option(help: "How long the traffic runs, in minutes.")
    var minutes = 30.0

    @Option(help: "Department events per second (three a case). Half of what `liaison-bench scenario` measures on the machine is the usual choice.")
    var rate = 1_500.0

    @Option(help: "Seconds between samples.")
    var sample = 60.0

    @Option(help: "Minutes of traffic before the memory baseline is taken (caches fill first: states, SQLite pages).")
    var warmUp = 5.0

    @Option(help: "The liaison executable (default: next to liaison-bench).")
    var liaison: String?

    @Option(help: "Keep the run's folder (store, log, configuration) here instead of deleting it.")
    var keep: String?

    func run() async throws {
        let executable = liaison ?? (URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/liaison")
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchFailure(description: "no liaison executable at \(executable): run `swift build -c release --product liaison` first")
        }
        guard minutes > 0, rate > 0, sample > 0, warmUp >= 0 else { throw ValidationError("--minutes, --rate and --sample must be positive") }
        guard warmUp * 60 + 2 * sample <= minutes * 60 else { throw ValidationError("--minutes must leave two samples after --warm-up") }
        let scene = try SoakScene(liaison: executable, directory: keep)
        defer { if keep == nil { scene.cleanUp() } }
        say(String(format: "soak: %.0f min at %.0f events/s (%.1f cases/s), sampled every %.0f s; store %@",
                   minutes, rate, rate / 3, sample, scene.storePath))
        let child = try scene.start()
        defer { child.stop(SIGKILL) }
        _ = try await child.secondsUntilLog(contains: ["acquired partitions", "router assigned", "admin server listening"], timeout: .seconds(120))
        let probe = try SoakProbe(child: child, storePath: scene.storePath)
        var schedule = SoakSchedule(casesPerSecond: rate / 3)
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: scene.cluster.bootstrapServers,
                                                                             clientID: "soak-load", properties: BenchKafka.properties))
        var samples: [SoakProbe.Sample] = [try await probe.sample()]
        say(SoakProbe.Sample.header)
        say(samples[0].line)

        let start = probe.start
        let startMillis = BenchWorkload.nowMillis()
        let length = Duration.seconds(minutes * 60)
        var nextSample = start + .seconds(sample)
        var sequence = 0
        while true {
            let elapsed = ContinuousClock.now - start
            let opening = elapsed < length
            let millis = Int64(elapsed.components.seconds * 1_000) + elapsed.components.attoseconds / 1_000_000_000_000_000
            let due = schedule.take(until: millis, opening: opening)
            if !due.isEmpty {
                let records = due.map { item in
                    defer { sequence += 1 }
                    return BenchWorkload.record(case: item.index, step: item.step, time: startMillis + schedule.due(item.index, item.step),
                                                topic: SoakScene.inputTopic, sequence: sequence)
                }
                for result in await producer.send(records) {
                    if case .failure(let error) = result { throw BenchFailure(description: "load: \(error)") }
                }
            }
            if ContinuousClock.now >= nextSample {
                let taken = try await probe.sample()
                samples.append(taken)
                say(taken.line)
                nextSample += .seconds(sample)
            }
            guard child.isRunning else { throw BenchFailure(description: "the daemon exited:\n\(child.log.suffix(2_000))") }
            if !opening && schedule.drained { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try? await producer.close()
        let cases = schedule.nextOpen
        say("traffic stopped: \(cases) cases, \(sequence) events sent; waiting for the last cases to close")
        let last = try await probe.waitUntilSettled(cases: cases, timeout: .seconds(180))
        samples.append(last)
        say(last.line)
        child.stop(SIGTERM)
        var store = LiaisonConfiguration.Store()
        store.path = scene.storePath
        let ending = try await StoreEnding.read(store, caseIDs: (0..<cases).map(BenchWorkload.caseID))
        try SoakVerdict(samples: samples, warmUp: warmUp, cases: cases, lateCases: schedule.lateCases, ending: ending).check()
    }
}

/// The soak's mock cluster, folder and daemon configuration.
struct SoakScene {
    static let inputTopic = "dept.soak"

    let cluster: MockCluster
    let directory: String
    let liaison: String
    var storePath: String { directory + "/soak.sqlite" }

    init(liaison: String, directory: String?) throws {
        self.liaison = liaison
        self.directory = directory ?? NSTemporaryDirectory() + "liaison-bench-soak-\(getpid())"
        try FileManager.default.createDirectory(atPath: self.directory + "/Workflows", withIntermediateDirectories: true)
        try Data(Self.workflowYAML.utf8).write(to: URL(fileURLWithPath: self.directory + "/Workflows/soak.yaml"))
        cluster = try MockCluster(brokers: 1)
        // The mock keeps each partition's newest 5 MiB: old records are dropped, so the
        // cluster's memory stays bounded however long the run.
        try cluster.createTopic(Self.inputTopic, partitions: 8)
        try cluster.createTopic("liaison.inbound", partitions: 8)
        for topic in ["liaison.assignments", "liaison.reminders", "liaison.escalations", "liaison.cases", "liaison.metrics", "liaison.deadletter", "liaison.audit"] {
            try cluster.createTopic(topic, partitions: 8)
        }
    }

    /// One stage; deadlines in seconds so that the late cases' timers fire during the run.
    static let workflowYAML = """
        id: soak
        version: 1
        title: soak case
        start:
          on: gov.case.opened
          when: { matter: bench }
          by: [\(BenchWorkload.opener)]
        lead: \(BenchWorkload.lead)
        supervisor: \(BenchWorkload.supervisor)
        stages:
          - id: review
            mode: parallel
            parties: { from: data.collaborators, default: [\(BenchWorkload.party)] }
            accept_within: \(SoakBenchmark.acceptWithin)s
            complete_within: 120s
            remind_at: [50%]
            escalate:
              - { at: 100%, to: supervisor }
            complete_when: all
            next: { approved: end, rejected: end }

        """

    /// Starts `liaison run` with the admin server on a port of its choosing.
    func start() throws -> ChildDaemon {
        let config = """
            kafka:
              bootstrap: \(cluster.bootstrapServers)
              group: bench-soak
              properties:
            \(BenchKafka.properties.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"" }.joined(separator: "\n"))
            workflows: \(directory)/Workflows
            store:
              path: \(storePath)
            admin:
              listen: "127.0.0.1:0"
            \(try ChildAudit.section(for: liaison, in: directory))topics:
              inbound_partitions: 8
              inputs:
                - { topic: \(Self.inputTopic), units: [\(BenchWorkload.opener), \(BenchWorkload.party)] }

            """
        let path = directory + "/liaison.yaml"
        try Data(config.utf8).write(to: URL(fileURLWithPath: path))
        let child = ChildDaemon(executable: liaison, configPath: path, logPath: directory + "/daemon.log")
        try child.start()
        return child
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }
}
