import LiaisonKafka
import LiaisonStore

/// The processing stage's intake when it reads a department topic keyed by case id itself
/// (``LiaisonConfiguration/Topics/direct``): every record is judged as the router judges it,
/// and must also sit where its case id puts it.
///
/// Only the owner of a partition writes the cases of that partition, so a case must have one
/// partition. The router guarantees it by re-keying; here the departments promise it, and the
/// promise is checked record by record: the key must be the case id, and the partition the one
/// the declared partitioner gives that key. A record that breaks it is dead-lettered
/// (`not-keyed-by-case`) instead of being applied by an owner that does not own its case.
struct DirectIntake: Sendable {
    let routing: RecordRouting
    let partitioner: KeyPartitioner
    /// The topic's partition count when the daemon started.
    let partitionCount: Int32

    /// The record as the processing stage applies it: forwarded records keep the headers the
    /// router would have added; refused ones carry their dead letter.
    func take(_ message: KafkaMessage) -> InboundRecord {
        switch routing.route(message) {
        case .forward(let record, let caseID):
            if let misplaced = misplacement(of: message, caseID: caseID) {
                return refused(message, code: DeadLetterCode.notKeyedByCase.rawValue, reason: misplaced)
            }
            return InboundRecord(partition: message.partition, offset: message.offset, caseID: caseID,
                                 headers: record.headers.map { ($0.name, $0.value) }, value: record.value)
        case .refused(let record, let code, let reason):
            return refused(message, deadLetter: record, code: code, reason: reason)
        }
    }

    /// Why the record does not sit where its case id puts it, or nil when it does.
    func misplacement(of message: KafkaMessage, caseID: String) -> String? {
        let expectedKey = Array(caseID.utf8)
        guard let key = message.key, key == expectedKey else {
            let shown = message.key.map { "'\(String(decoding: $0.prefix(128), as: UTF8.self))'" } ?? "absent"
            return "topic '\(message.topic)' is declared keyed_by_case, but this record's key (\(shown)) is not its case id '\(caseID)'"
        }
        let home = partitioner.partition(of: key, partitionCount: partitionCount)
        guard home == message.partition else {
            return "topic '\(message.topic)' is declared keyed_by_case (\(partitioner.rawValue)): case '\(caseID)' belongs in partition "
                + "\(home) of \(partitionCount), and this record is in partition \(message.partition)"
        }
        return nil
    }

    private func refused(_ message: KafkaMessage, deadLetter: KafkaRecord? = nil, code: String, reason: String) -> InboundRecord {
        let letter = deadLetter ?? routing.deadLetter(message, code: code, reason: reason)
        let outbox = OutboxMessage(partition: message.partition, topic: letter.topic, key: letter.key,
                                   headers: letter.headers.map { OutboxMessage.Header(name: $0.name, value: $0.value) },
                                   value: letter.value)
        return InboundRecord(partition: message.partition, offset: message.offset, caseID: "", headers: [], value: nil,
                             refused: .init(code: code, reason: reason, deadLetter: outbox,
                                            source: .init(topic: message.topic, partition: message.partition, offset: message.offset)))
    }
}

extension KeyPartitioner {
    /// The hashing of the partitioner a configuration names.
    init(_ configured: LiaisonConfiguration.InputTopic.Partitioner) {
        switch configured {
        case .murmur2: self = .murmur2
        case .crc32: self = .crc32
        }
    }
}

extension Processor {
    /// A polled record as the batch applies it: as read from the inbound topic, or judged here
    /// when the stage reads a department topic directly.
    func take(_ message: KafkaMessage) -> InboundRecord {
        guard let intake else { return InboundRecord(message) }
        let record = intake.take(message)
        if let refused = record.refused {
            // Counted as a dead letter once its batch commits.
            logger.notice("refused record", metadata: [
                "topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)",
                "code": "\(refused.code)", "reason": "\(refused.reason)",
            ])
        } else {
            metrics.routed()
        }
        return record
    }
}
