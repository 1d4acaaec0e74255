import Foundation
import LiaisonKafka
import Synchronization

/// Reads the daemon's output topics from outside and notes, for every benchmark case whose
/// first deadline it expects, when that case's first output was produced (the record's
/// CreateTime, stamped by the daemon's producer after the firing batch committed) and when it
/// arrived here (one more Kafka hop, as a downstream reader sees it).
final class TimerObserver: Sendable {
    private let consumer: KafkaConsumer
    /// Expected first-deadline instants (wall ms), by case number.
    private let dues: [Int: Int64]
    private let arrivals = Mutex<[Int: (sent: Int64, received: Int64)]>([:])

    init(bootstrap: String, topics: [String], dues: [Int: Int64]) throws {
        consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "bench-timers",
                                                                       properties: BenchKafka.properties),
                                     groupID: "bench-timer-observer")
        try consumer.subscribe(topics: topics)
        self.dues = dues
    }

    /// Polls until cancelled.
    func run() async {
        while !Task.isCancelled {
            guard let events = try? await consumer.poll(maxMessages: 1_000, timeout: .milliseconds(50)) else { continue }
            let now = BenchWorkload.nowMillis()
            arrivals.withLock { arrivals in
                for case .message(let message) in events {
                    guard let key = message.key, let index = BenchWorkload.caseIndex(String(decoding: key, as: UTF8.self)),
                          dues[index] != nil, arrivals[index] == nil else { continue }
                    arrivals[index] = (message.timestamp ?? now, now)
                }
            }
        }
        try? await consumer.close()
    }

    /// How many of `cases` have had their first output.
    func arrived(_ cases: Range<Int>) -> Int {
        arrivals.withLock { arrivals in cases.reduce(0) { $0 + (arrivals[$1] == nil ? 0 : 1) } }
    }

    /// Lateness of `cases` (deadline to output produced, and to output received) and the
    /// last production instant (wall ms).
    func lateness(_ cases: Range<Int>) -> (sent: LatencyRecorder, received: LatencyRecorder, last: Int64) {
        let sent = LatencyRecorder()
        let received = LatencyRecorder()
        var last: Int64 = 0
        arrivals.withLock { arrivals in
            for index in cases {
                guard let arrival = arrivals[index], let due = dues[index] else { continue }
                sent.record(nanoseconds: (arrival.sent - due) * 1_000_000)
                received.record(nanoseconds: (arrival.received - due) * 1_000_000)
                last = max(last, arrival.sent)
            }
        }
        return (sent, received, last)
    }
}
