import LiaisonKafka
import Logging

/// Sending with retries: a record is either acknowledged by the broker or sent again.
enum Delivery {
    /// Sends `records` until every one is acknowledged, backing off between attempts while the
    /// cluster is unreachable. Throws only when the task is cancelled.
    static func sendAll(_ records: [KafkaRecord], with producer: KafkaProducer, logger: Logger) async throws {
        var pending = records
        var backoff = Backoff()
        while !pending.isEmpty {
            let results = await producer.send(pending)
            var failed: [KafkaRecord] = []
            var lastError: KafkaError?
            for (record, result) in zip(pending, results) {
                if case .failure(let error) = result {
                    failed.append(record)
                    lastError = error
                }
            }
            pending = failed
            if let lastError {
                let delay = backoff.next()
                logger.warning("delivery failed; retrying", metadata: [
                    "records": "\(failed.count)", "error": "\(lastError)", "retry_in": "\(delay)",
                ])
                try await Task.sleep(for: delay)
            }
        }
    }
}

/// Exponential backoff from 100 ms to 10 s.
struct Backoff {
    private var current: Duration = .milliseconds(100)

    /// The next delay; each call doubles it up to the cap.
    mutating func next() -> Duration {
        defer { current = min(current * 2, .seconds(10)) }
        return current
    }

    /// Back to the shortest delay after a success.
    mutating func reset() {
        current = .milliseconds(100)
    }
}
