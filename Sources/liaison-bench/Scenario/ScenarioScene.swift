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
        directory = NSTemporaryDirectory() + "liaison-bench-scenario-\(getpid())-\(UUID().uuidString.prefix(8))"
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
        /// CPU of every instance together, per event.
        var cpuMicrosPerEvent: Double
        var rss: Double
        var peakRSS: Double
        /// CPU seconds each instance spent on the stream.
        var cpuSecondsPerInstance: [Double] = []
    }

    /// `liaison run` as `instances` child processes (one consumer group, one store) on the
    /// stream; several instances need a shared store (`storeURL`).
    /// `direct` declares the department topic keyed by case id (librdkafka's default
    /// partitioner, which the load producer uses), so the processing stage reads it in one hop.
    func daemon(_ stream: ScenarioStream, executable: String, processing: [String], storeURL: String? = nil,
                instances: Int = 1, direct: Bool = false, expected: (outputs: Int, closed: Int)) async throws -> DaemonFigures {
        precondition(instances == 1 || storeURL != nil, "several instances share a PostgreSQL store")
        let storePath = directory + "/scenario-\(UUID().uuidString).sqlite"
        let group = "bench-scenario-\(UUID().uuidString.prefix(8))"
        let extra = processing.map { "  " + $0 }.joined(separator: "\n")
        let audit = try ChildAudit.section(for: executable, in: directory)
        var children: [ChildDaemon] = []
        defer { children.forEach { $0.stop(SIGKILL) } }
        for index in 0..<instances {
            let configPath = directory + "/liaison-\(index).yaml"
            let config = """
                instance: bench-\(index)
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
                    - { topic: dept.scenario, units: [\(([ScenarioStream.opener] + ScenarioStream.collaborators).joined(separator: ", "))]\(direct ? ", keyed_by_case: crc32" : "") }

                """
            try Data(config.utf8).write(to: URL(fileURLWithPath: configPath))
            let child = ChildDaemon(executable: executable, configPath: configPath, logPath: directory + "/daemon-\(index).log")
            try child.start()
            children.append(child)
        }
        for child in children {
            let reading = direct ? "reads its department topic directly" : "router assigned"
            _ = try await child.secondsUntilLog(contains: ["acquired partitions", reading], timeout: .seconds(120))
        }
        if instances > 1 { try await Self.waitForSettledGroup(children) }
        let counter = try OutputCounter(bootstrap: cluster.bootstrapServers, topics: Self.outputTopics)
        let reading = Task { await counter.run() }
        defer { counter.stop() }
        let all = stream.records(topic: "dept.scenario")
        let producer = try producer()
        let alive = { children.allSatisfy(\.isRunning) }
        try await publish([all[0]], with: producer)
        _ = try await counter.wait(for: 1, timeout: .seconds(90), while: alive)
        let cpuBefore = children.map { $0.cpuSeconds() }
        let first = MonotonicClock.nanoseconds()
        try await publish(Array(all.dropFirst()), with: producer)
        let end = try await counter.wait(for: expected.outputs, timeout: .seconds(1_200), while: alive)
        let cpu = zip(children, cpuBefore).map { $0.cpuSeconds() - $1 }
        let memory = children[0].memory()
        say("  daemon published \(counter.distinct) distinct outputs (\(counter.total - counter.distinct) repeated)")
        children.forEach { $0.stop(SIGTERM) }
        counter.stop()
        await reading.value
        try? await producer.close()
        for child in children { _ = await child.waitForExit(timeout: .seconds(60)) }
        var store = LiaisonConfiguration.Store()
        store.path = storePath
        store.url = storeURL
        try await verify(store: store, stream: stream, closed: expected.closed)
        return DaemonFigures(eventsPerSecond: Double(all.count - 1) / (Double(end - first) / 1e9),
                             cpuMicrosPerEvent: cpu.reduce(0, +) * 1e6 / Double(all.count - 1), rss: memory.rss, peakRSS: memory.peak,
                             cpuSecondsPerInstance: cpu)
    }

    /// Waits until the consumer group has been still for 5 s: every instance owns partitions
    /// and no instance has acquired or given up any since (a rebalance mid-measurement would
    /// time the group join, not the work).
    private static func waitForSettledGroup(_ children: [ChildDaemon]) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        var lastChange = ContinuousClock.now
        var previous = children.map { Self.ownershipLines($0.log) }
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            let now = children.map { Self.ownershipLines($0.log) }
            if now != previous {
                previous = now
                lastChange = ContinuousClock.now
            } else if ContinuousClock.now - lastChange >= .seconds(5) {
                return
            }
        }
        throw BenchFailure(description: "the consumer group did not settle within 180 s")
    }

    private static func ownershipLines(_ log: String) -> Int {
        log.split(separator: "\n").filter { $0.contains("acquired partitions") || $0.contains("partitions revoked") }.count
    }

    private func inboundPartitions() throws -> Int32 {
        max(Self.partitions, BenchKafka.partitions(records: records, bytesPerRecord: 500))
    }

    /// Every case of the stream ended closed, and the daemon consumed every input exactly once.
    private func verify(store configuration: LiaisonConfiguration.Store, stream: ScenarioStream, closed: Int) async throws {
        let ending = try await StoreEnding.read(configuration, caseIDs: (0..<stream.cases).map(ScenarioStream.caseID))
        guard ending.closed == closed else { throw BenchFailure(description: "the daemon closed \(ending.closed) cases; the engine replay closes \(closed)") }
        guard ending.outboxDepth == 0 else { throw BenchFailure(description: "\(ending.outboxDepth) outputs left in the outbox") }
    }
}
