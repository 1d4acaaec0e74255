import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime
import LiaisonStore
import Synchronization

/// One run of the whole daemon inside this process (router → inbound → processor → store →
/// outbox → publisher) against the shared mock cluster, each run on its own topics, group and
/// store, so that runs never see each other's records.
struct DaemonPipeline {
    let cluster: MockCluster
    let catalog: WorkflowCatalog
    let directory: String
    /// Whether the daemon hash-chains the history (`liaison-bench chain` compares both).
    var chained = true
    /// Whether the department topic is declared keyed by case id (the load is: librdkafka's
    /// default partitioner over the case id), so that the processing stage reads it in one hop.
    var direct = false

    /// What one run measured.
    struct Figures {
        /// Events per second from the first send to the last output acknowledged.
        var eventsPerSecond: Double
        var outputs: Int
        var batches: Int
        /// Mean store commit time per batch, in ms.
        var commitMillis: Double
    }

    /// Sends `cases` cases (3 events each) after a warm-up case, paced at `rate` or as fast as
    /// possible, and waits until every event is applied and every output acknowledged.
    func run(name: String, cases: Int, rate: Double?, latency: LatencyRecorder?) async throws -> Figures {
        let configuration = try configure(name: name, cases: cases)
        let metrics = RuntimeMetrics()
        let daemon = Daemon(configuration: configuration, catalog: catalog, metrics: metrics, logger: KafkaLogging.silent)
        let sendTimes = SendTimes(events: (cases + 1) * 3)
        let lastAck = Atomic<Int64>(0)
        let observer: @Sendable ([OutboxEntry]) -> Void = { entries in
            let now = MonotonicClock.nanoseconds()
            lastAck.store(now, ordering: .releasing)
            guard let latency else { return }
            for entry in entries {
                guard let key = entry.message.key, let index = BenchWorkload.caseIndex(String(decoding: key, as: UTF8.self)), index > 0 else { continue }
                // The output's cause is the newest event of its case sent before the ack; the
                // three events of a case are a block apart, so this is exact while latency is
                // below that gap.
                guard let cause = sendTimes.newest(of: (index * 3)..<(index * 3 + 3), notAfter: now) else { latency.recordAmbiguous(); continue }
                latency.record(nanoseconds: now - cause.time)
            }
        }
        let stopped = Mutex<String?>(nil)
        let task = Task {
            do {
                try await daemon.run(observer: observer)
                stopped.withLock { $0 = "the daemon stopped" }
            } catch {
                stopped.withLock { $0 = "the daemon failed: \(error)" }
                throw error
            }
        }
        defer { task.cancel() }
        let producer = try KafkaProducer(configuration: daemon.kafkaConfiguration, idempotent: true)
        let load = LoadGenerator(producer: producer, topic: configuration.topics.inputs[0].name, cases: cases)
        try await load.sendWarmUp(sendTimes: sendTimes)
        try await waitUntil("the warm-up case was published", timeout: .seconds(90), stopped: stopped, metrics: metrics) {
            let snapshot = metrics.snapshot()
            return snapshot.appliedTotal >= 1 && snapshot.outputsPublished >= snapshot.outputsQueued && snapshot.outputsPublished > 0
        }
        let before = metrics.snapshot()
        let first = try await load.sendAll(rate: rate, sendTimes: sendTimes)
        let expected = load.events + 1
        try await waitUntil("every event was applied and published", timeout: .seconds(600), stopped: stopped, metrics: metrics) {
            let s = metrics.snapshot()
            return s.appliedTotal + s.duplicates + s.deadLetterTotal >= expected && s.outputsPublished == s.outputsQueued
        }
        let end = lastAck.load(ordering: .acquiring)
        let after = metrics.snapshot()
        guard after.appliedTotal == expected, after.deadLetterTotal == 0, after.duplicates == 0 else {
            throw BenchFailure(description: "daemon run \(name): applied \(after.appliedTotal) of \(expected), dead letters \(after.deadLetters), duplicates \(after.duplicates)")
        }
        try? await producer.close()
        task.cancel()
        _ = await task.result
        return Figures(eventsPerSecond: Double(load.events) / (Double(end - first) / 1e9),
                       outputs: after.outputsPublished - before.outputsPublished, batches: after.batches - before.batches,
                       commitMillis: (after.commitTime - before.commitTime).seconds * 1_000 / Double(max(1, after.batches - before.batches)))
    }

    /// A configuration of the run's own topics, group and store; creates the topics with
    /// enough partitions to stay under the mock's 5 MiB per partition.
    private func configure(name: String, cases: Int) throws -> LiaisonConfiguration {
        var configuration = LiaisonConfiguration()
        configuration.audit.signingKey = AuditSigningKey.generate().hex
        configuration.audit.chainHistory = chained
        configuration.instanceID = "bench-\(name)"
        configuration.kafka.bootstrap = cluster.bootstrapServers
        configuration.kafka.group = "bench-\(name)"
        configuration.kafka.properties = BenchKafka.properties
        configuration.store.path = directory + "/\(name).sqlite"
        configuration.workflows = directory
        configuration.topics.inputs = [.init(name: "bench.in.\(name)", units: [BenchWorkload.opener, BenchWorkload.party],
                                             keyedByCase: direct ? .crc32 : nil)]
        var topics = configuration.topics
        topics.inbound = "liaison.inbound.\(name)"
        topics.assignments += ".\(name)"
        topics.reminders += ".\(name)"
        topics.escalations += ".\(name)"
        topics.cases += ".\(name)"
        topics.metrics += ".\(name)"
        topics.deadletter += ".\(name)"
        topics.audit += ".\(name)"
        configuration.topics = topics
        let partitions = BenchKafka.partitions(records: cases * 3, bytesPerRecord: 600)
        try cluster.createTopic(topics.inputs[0].name, partitions: partitions)
        if !direct { try cluster.createTopic(topics.inbound, partitions: max(8, partitions)) }
        for output in topics.outputs { try cluster.createTopic(output, partitions: partitions) }
        return configuration
    }

    /// Waits for `condition`; fails at once, with the reason, when the daemon stops first, and
    /// with its counters when the time runs out.
    private func waitUntil(_ what: String, timeout: Duration, stopped: borrowing Mutex<String?>, metrics: RuntimeMetrics,
                           _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            if let reason = stopped.withLock({ $0 }) { throw BenchFailure(description: "\(reason) before \(what)") }
            guard ContinuousClock.now < deadline else {
                let s = metrics.snapshot()
                throw BenchFailure(description: "timed out waiting until \(what): applied \(s.appliedTotal), outputs queued \(s.outputsQueued), "
                                   + "published \(s.outputsPublished), dead letters \(s.deadLetterTotal), batches \(s.batches)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// Kafka settings shared by the daemon runs and the raw loops.
enum BenchKafka {
    /// librdkafka 2.0.2 leaves Nagle on, which adds tens of ms to every small request.
    static let properties = [
        "socket.nagle.disable": "true", "session.timeout.ms": "6000", "heartbeat.interval.ms": "1000",
        // The mock broker answers an empty fetch only when fetch.wait.max.ms (500 ms) expires,
        // not when data arrives as a real broker does: without this every hop costs ~250 ms.
        "fetch.wait.max.ms": "10",
    ]

    /// Partitions for a topic of `records` records, so that each holds ≤ 2 MiB (the mock
    /// keeps 5 MiB per partition and silently drops older segments).
    static func partitions(records: Int, bytesPerRecord: Int) -> Int32 {
        Int32(max(8, records * bytesPerRecord / (2 << 20) + 1))
    }
}
