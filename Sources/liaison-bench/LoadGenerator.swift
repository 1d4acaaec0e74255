import LiaisonKafka

/// Publishes the benchmark's department events: cases in blocks, each round sending the opens
/// of one block, the acceptances of the block before and the completions of the one before
/// that, so that the three events of a case land in different batches (each one a store read,
/// as in real traffic) while keeping their order on the case's partition.
struct LoadGenerator {
    let producer: KafkaProducer
    let topic: String
    /// Cases 1...cases are sent (case 0 is the warm-up).
    let cases: Int
    let block: Int

    init(producer: KafkaProducer, topic: String, cases: Int) {
        self.producer = producer
        self.topic = topic
        self.cases = cases
        self.block = max(1, min(1_000, cases / 4))
    }

    /// Events sent in all (three per case).
    var events: Int { cases * 3 }

    /// The sequence numbers (case × 3 + step) in sending order.
    func order() -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(events)
        let blocks = (cases + block - 1) / block
        for round in 0..<(blocks + 2) {
            for (step, start) in [(0, round), (1, round - 1), (2, round - 2)] where start >= 0 && start < blocks {
                for index in (start * block + 1)...min(cases, (start + 1) * block) {
                    order.append(index * 3 + step)
                }
            }
        }
        return order
    }

    /// Sends the warm-up case's opening event and waits for its delivery.
    func sendWarmUp(sendTimes: SendTimes) async throws {
        try await deliver([0], sendTimes: sendTimes)
    }

    /// Sends every event; `rate` (events/s) paces them, `nil` sends as fast as the producer
    /// takes them. Returns the monotonic instant (ns) of the first send. Paced chunks go out
    /// from concurrent tasks a millisecond apart; a case's events are a whole block apart
    /// (≥ 3,000 events), so they cannot overtake each other.
    func sendAll(rate: Double?, sendTimes: SendTimes) async throws -> Int64 {
        let order = order()
        let first = MonotonicClock.nanoseconds()
        guard let rate else {
            // One call: concurrent send() calls could reorder a case's events.
            try await deliver(order, sendTimes: sendTimes)
            return first
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var sent = 0
            while sent < order.count {
                let due = min(order.count, Int(Double(MonotonicClock.nanoseconds() - first) / 1e9 * rate) + 1)
                if due > sent {
                    let chunk = Array(order[sent..<due])
                    group.addTask { try await deliver(chunk, sendTimes: sendTimes) }
                    sent = due
                }
                try await Task.sleep(for: .milliseconds(1))
            }
            try await group.waitForAll()
        }
        return first
    }

    private func deliver(_ sequences: [Int], sendTimes: SendTimes) async throws {
        let time = BenchWorkload.nowMillis()
        let records = sequences.map {
            BenchWorkload.record(case: $0 / 3, step: BenchWorkload.Step(rawValue: $0 % 3)!, time: time, topic: topic, sequence: $0)
        }
        let now = MonotonicClock.nanoseconds()
        for sequence in sequences { sendTimes.mark(sequence, at: now) }
        let failures = await producer.send(records).filter { if case .failure = $0 { true } else { false } }.count
        guard failures == 0 else { throw BenchFailure(description: "load: \(failures) of \(records.count) events not delivered") }
    }
}
