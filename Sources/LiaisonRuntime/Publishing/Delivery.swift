import LiaisonKafka
import Logging
import ServiceLifecycle

/// Sending with retries: a record is acknowledged by the broker, sent again after a transient
/// failure, or, when Kafka refuses the record itself, replaced by a small dead letter.
enum Delivery {
    /// What became of a batch handed to ``sendAll(_:with:deadLetterTopic:refusedBy:logger:)``.
    struct Outcome: Equatable {
        /// Records that Kafka refused for what they are and that went to the dead-letter topic
        /// (cut to size) instead.
        var setAside = 0
        /// Records refused even as dead letters: logged with their origin and dropped.
        var dropped = 0
        /// The set-aside records, for `GET /v1/deadletters`.
        var notes: [DeadLetterNote] = []
    }

    /// Raised when graceful shutdown begins while records are still unacknowledged; the caller
    /// must not commit the input offsets they came from, so they are read again at next start.
    struct StoppedBeforeDelivery: Error {}

    /// Sends `records` until every one is acknowledged or set aside, backing off between
    /// attempts while the cluster is unreachable. Stops, throwing ``StoppedBeforeDelivery``,
    /// when graceful shutdown begins with records still pending.
    static func sendAll(
        _ records: [KafkaRecord], with producer: KafkaProducer, deadLetterTopic: String,
        refusedBy stage: String, logger: Logger
    ) async throws -> Outcome {
        var pending = records
        var outcome = Outcome()
        var backoff = Backoff()
        while !pending.isEmpty {
            let results = await producer.send(pending)
            var failed: [KafkaRecord] = []
            var lastError: KafkaError?
            for (record, result) in zip(pending, results) {
                guard case .failure(let error) = result else { continue }
                if error.rejectsRecord {
                    if record.topic == deadLetterTopic, record.headers.contains(where: { $0.name == RecordHeaders.truncated }) {
                        // Even the cut-down dead letter is refused: say where the original is.
                        outcome.dropped += 1
                        logger.error("a set-aside record was refused too and is dropped; the original stays in its topic", metadata: [
                            "origin": "\(originDescription(record))", "error": "\(error)",
                        ])
                        continue
                    }
                    outcome.setAside += 1
                    outcome.notes.append(DeadLetterNote(time: .now(), code: DeadLetterCode.undeliverable.rawValue, stage: stage,
                                                        source: origin(of: record), caseID: nil,
                                                        reason: "\(record.topic) refused the record: \(error)"))
                    logger.error("Kafka refused a record; it goes to the dead-letter topic, cut to size", metadata: [
                        "topic": "\(record.topic)", "origin": "\(originDescription(record))", "error": "\(error)",
                    ])
                    failed.append(SetAside.deadLetter(record, to: deadLetterTopic, code: DeadLetterCode.undeliverable.rawValue,
                                                      reason: "\(record.topic) refused the record: \(error)", refusedBy: stage))
                } else {
                    failed.append(record)
                    lastError = error
                }
            }
            pending = failed
            if let lastError {
                if Task.isShuttingDownGracefully {
                    logger.notice("stopping with records not yet acknowledged; they are sent again at next start", metadata: [
                        "records": "\(failed.count)", "error": "\(lastError)",
                    ])
                    throw StoppedBeforeDelivery()
                }
                let delay = backoff.next()
                logger.warning("delivery failed; retrying", metadata: [
                    "records": "\(failed.count)", "error": "\(lastError)", "retry_in": "\(delay)",
                ])
                try await Task.sleep(for: delay)
            }
        }
        return outcome
    }

    /// `topic/partition@offset` of the department record a record came from, when known.
    /// Where the department published `record` (its origin headers), else the record's topic.
    static func origin(of record: KafkaRecord) -> DeadLetterNote.Source {
        func header(_ name: String) -> String? {
            record.headers.last { $0.name == name }?.value.map { String(decoding: $0.prefix(256), as: UTF8.self) }
        }
        guard let topic = header(RecordHeaders.originTopic) else { return DeadLetterNote.Source(topic: record.topic) }
        return DeadLetterNote.Source(topic: topic, partition: header(RecordHeaders.originPartition).flatMap { Int32($0) },
                                     offset: header(RecordHeaders.originOffset).flatMap { Int64($0) })
    }

    static func originDescription(_ record: KafkaRecord) -> String {
        func header(_ name: String) -> String {
            record.headers.last { $0.name == name }?.value.map { String(decoding: $0.prefix(256), as: UTF8.self) } ?? "?"
        }
        return "\(header(RecordHeaders.originTopic))/\(header(RecordHeaders.originPartition))@\(header(RecordHeaders.originOffset))"
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
