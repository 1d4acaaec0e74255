import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime
import LiaisonStore

/// The mock cluster, topics and folder of one scenario run, and the three sides it measures.
struct ScenarioScene {
    static let partitions: Int32 = 12
    static let outputTopics = ["liaison.assignments", "liaison.reminders", "liaison.escalations", "liaison.cases"]

    let cluster: MockCluster
    let directory: String
    let records: Int
    /// Partitions of each output topic: enough that none passes the mock's 5 MiB.
    let outputPartitions: Int32

    init(records: Int, outputs: Int) throws {
        directory = NSTemporaryDirectory() + "liaison-bench-scenario-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory + "/Workflows", withIntermediateDirectories: true)
        try Data(ScenarioStream.workflowYAML.utf8).write(to: URL(fileURLWithPath: directory + "/Workflows/scenario.yaml"))
        try Data(ScenarioStream.unitsYAML.utf8).write(to: URL(fileURLWithPath: directory + "/Workflows/units.yaml"))
        self.records = records
        cluster = try MockCluster(brokers: 1)
        outputPartitions = max(Self.partitions, BenchKafka.partitions(records: outputs, bytesPerRecord: 700))
        for topic in ["dept.scenario", "raw.copy.in", "raw.loop.in", "raw.copy.out", "raw.loop.out"] {
            try cluster.createTopic(topic, partitions: Self.partitions)
        }
        try cluster.createTopic("liaison.inbound", partitions: max(Self.partitions, BenchKafka.partitions(records: records, bytesPerRecord: 500)))
        for topic in Self.outputTopics + ["liaison.metrics", "liaison.deadletter", "liaison.audit"] {
            try cluster.createTopic(topic, partitions: outputPartitions)
        }
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: directory) }

    private func producer() throws -> KafkaProducer {
        try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientID: "bench-load",
                                                            properties: BenchKafka.properties))
    }

    /// Publishes `records` in one call (a case's events stay in order) and fails on any loss.
    private func publish(_ records: [KafkaRecord], with producer: KafkaProducer) async throws {
        for result in await producer.send(records) {
            if case .failure(let error) = result { throw BenchFailure(description: "load: \(error)") }
        }
    }

    /// A raw loop over the stream: events/s from the first send after warm-up to the end.
    func raw(_ stream: ScenarioStream, copy: Bool) async throws -> Double {
        let name = copy ? "copy" : "loop"
        let all = stream.records(topic: "raw.\(name).in")
        let progress = RawPipelineLoop.Progress()
        let setup = RawPipelineLoop.Setup(bootstrap: cluster.bootstrapServers, inputTopic: "raw.\(name).in", outputTopic: "raw.\(name).out",
                                          group: "bench-raw-\(name)", expected: all.count, copy: copy)
        let sendTimes = SendTimes(events: 1)
        async let finished: Int64 = RawPipelineRun.onThread { try RawPipelineLoop.run(setup, sendTimes: sendTimes, latency: nil, progress: progress) }
        let producer = try producer()
        try await publish([all[0]], with: producer)
        let deadline = ContinuousClock.now + .seconds(90)
        while progress.consumed.load(ordering: .acquiring) < 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
        let first = MonotonicClock.nanoseconds()
        try await publish(Array(all.dropFirst()), with: producer)
        let end = try await finished
        try? await producer.close()
        return Double(all.count - 1) / (Double(end - first) / 1e9)
    }

    /// What the daemon run measured.
    struct DaemonFigures {
        var eventsPerSecond: Double
        var cpuMicrosPerEvent: Double
        var rss: Double
        var peakRSS: Double
    }

    /// `liaison run` as a child process on the stream.
    func daemon(_ stream: ScenarioStream, executable: String, processing: [String], storeURL: String? = nil,
                expected: (outputs: Int, closed: Int)) async throws -> DaemonFigures {
        let configPath = directory + "/liaison.yaml"
        let storePath = directory + "/scenario-\(UUID().uuidString).sqlite"
        let group = "bench-scenario-\(UUID().uuidString.prefix(8))"
        let extra = processing.map { "  " + $0 }.joined(separator: "\n")
        // A build with signed audit checkpoints refuses to start without a key; an older one
        // refuses the section: give one only to a build that knows `liaison audit`.
        let audit = Self.knowsAudit(executable) ? "audit:\n  signing_key: \(try Self.auditKey(in: directory))\n" : ""
        let config = """
            kafka:
              bootstrap: \(cluster.bootstrapServers)
              group: \(group)
              properties:
            \(BenchKafka.properties.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"" }.joined(separator: "\n"))
            workflows: \(directory)/Workflows
            store:
              \(storeURL.map { "url: \"\($0)\"" } ?? "path: \(storePath)")
            admin:
              listen: "off"
            metrics:
              interval: 0s
            \(audit)processing:
              max_past_skew: 10d
            \(extra)
            topics:
              inbound_partitions: \(try inboundPartitions())
              inputs:
                - { topic: dept.scenario, units: [\(([ScenarioStream.opener] + ScenarioStream.collaborators).joined(separator: ", "))] }

            """
        try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
        let child = ChildDaemon(executable: executable, configPath: configPath, logPath: directory + "/daemon.log")
        try child.start()
        defer { child.stop(SIGKILL) }
        _ = try await child.secondsUntilLog(contains: ["acquired partitions", "router assigned"], timeout: .seconds(120))
        let counter = try OutputCounter(bootstrap: cluster.bootstrapServers, topics: Self.outputTopics)
        let reading = Task { await counter.run() }
        defer { counter.stop() }
        let all = stream.records(topic: "dept.scenario")
        let producer = try producer()
        try await publish([all[0]], with: producer)
        _ = try await counter.wait(for: 1, timeout: .seconds(90), while: { child.isRunning })
        let cpuBefore = child.cpuSeconds()
        let first = MonotonicClock.nanoseconds()
        try await publish(Array(all.dropFirst()), with: producer)
        let end = try await counter.wait(for: expected.outputs, timeout: .seconds(1_200), while: { child.isRunning })
        let cpu = child.cpuSeconds() - cpuBefore
        let memory = child.memory()
        say("  daemon published \(counter.distinct) distinct outputs (\(counter.total - counter.distinct) repeated)")
        child.stop(SIGTERM)
        counter.stop()
        await reading.value
        try? await producer.close()
        _ = await child.waitForExit(timeout: .seconds(60))
        var store = LiaisonConfiguration.Store()
        store.path = storePath
        store.url = storeURL
        try await verify(store: store, stream: stream, closed: expected.closed)
        return DaemonFigures(eventsPerSecond: Double(all.count - 1) / (Double(end - first) / 1e9),
                             cpuMicrosPerEvent: cpu * 1e6 / Double(all.count - 1), rss: memory.rss, peakRSS: memory.peak)
    }

    private func inboundPartitions() throws -> Int32 {
        max(Self.partitions, BenchKafka.partitions(records: records, bytesPerRecord: 500))
    }

    /// Every case of the stream ended closed, and the daemon consumed every input exactly once.
    private func verify(store configuration: LiaisonConfiguration.Store, stream: ScenarioStream, closed: Int) async throws {
        try await StoreOpening.with(configuration, logger: KafkaLogging.silent) { store in
            let ids = (0..<stream.cases).map(ScenarioStream.caseID)
            var done = 0
            for chunk in stride(from: 0, to: ids.count, by: 5_000) {
                for (_, bytes) in try await store.caseStates(ids: Array(ids[chunk..<min(ids.count, chunk + 5_000)])) {
                    if try CaseState(decoding: bytes).status == .closed(.approved) { done += 1 }
                }
            }
            guard done == closed else { throw BenchFailure(description: "the daemon closed \(done) cases; the engine replay closes \(closed)") }
            let statistics = try await store.statistics()
            guard statistics.outboxDepth == 0 else { throw BenchFailure(description: "\(statistics.outboxDepth) outputs left in the outbox") }
        }
    }
}

extension ScenarioScene {
    /// Whether `executable` has the `audit` verb (and so signs checkpoints).
    static func knowsAudit(_ executable: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["audit", "--help"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// A throwaway checkpoint signing key file in `directory`.
    static func auditKey(in directory: String) throws -> String {
        let path = directory + "/audit.key"
        try Data(AuditSigningKey.generate().hex.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
