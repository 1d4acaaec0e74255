import Foundation
import LiaisonKafka
import Synchronization

/// Reads output topics from the start in a group of its own and counts distinct output ids
/// (`ce_id`), so that a benchmark knows when every output was published, repeats aside.
final class OutputCounter: Sendable {
    private let consumer: KafkaConsumer
    private let ids = Mutex<Set<String>>([])
    private let records = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    init(bootstrap: String, topics: [String]) throws {
        consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "bench-outputs",
                                                                       properties: BenchKafka.properties),
                                     groupID: "bench-outputs-\(UUID().uuidString)", offsetReset: .earliest)
        try consumer.subscribe(topics: topics)
    }

    /// Distinct output ids seen so far.
    var distinct: Int { ids.withLock { $0.count } }
    /// Records read so far, repeats included.
    var total: Int { records.load(ordering: .relaxed) }

    /// Polls until ``stop()``.
    func run() async {
        while !stopped.load(ordering: .relaxed) {
            guard let events = try? await consumer.poll(maxMessages: 2_000, timeout: .milliseconds(50)) else { continue }
            var batch: [String] = []
            for case .message(let message) in events {
                if let id = message.headers.last(where: { $0.name == "ce_id" })?.value {
                    batch.append(String(decoding: id, as: UTF8.self))
                }
            }
            records.add(batch.count, ordering: .relaxed)
            if !batch.isEmpty { ids.withLock { $0.formUnion(batch) } }
        }
        try? await consumer.close()
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Waits until `count` distinct ids were seen; returns the monotonic instant (ns) it saw
    /// the last one, or throws after `timeout`.
    func wait(for count: Int, timeout: Duration, while alive: () -> Bool = { true }) async throws -> Int64 {
        let deadline = ContinuousClock.now + timeout
        while distinct < count {
            guard ContinuousClock.now < deadline else {
                throw BenchFailure(description: "only \(distinct) of \(count) outputs after \(timeout)")
            }
            guard alive() else { throw BenchFailure(description: "the daemon exited with \(distinct) of \(count) outputs published") }
            try await Task.sleep(for: .milliseconds(5))
        }
        return MonotonicClock.nanoseconds()
    }
}
