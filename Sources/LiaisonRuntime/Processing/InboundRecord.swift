import LiaisonCore
import LiaisonStore

/// A department record as the processing stage reads it from the inbound topic: the original
/// key, headers and value, plus the `liaison.origin.*` headers the router added.
struct InboundRecord: Sendable {
    /// Partition of the inbound topic: the case's owner.
    var partition: Int32
    /// Offset in the inbound topic.
    var offset: Int64
    /// The case id (the inbound topic's key).
    var caseID: String
    /// Original headers followed by the router's origin headers.
    var headers: [(name: String, value: [UInt8]?)]
    /// The original value.
    var value: [UInt8]?
    /// Set when the record was refused before reaching any case (read directly from a
    /// department topic, see ``DirectIntake``): the dead letter to write in its place.
    var refused: Refused? = nil

    /// A department record refused by the checks that need no case.
    struct Refused: Sendable {
        /// The reason code (`liaison.reason.code`).
        var code: String
        /// The reason.
        var reason: String
        /// The dead letter, as the router would have sent it.
        var deadLetter: OutboxMessage
        /// Where the department published the record.
        var source: DeadLetterNote.Source
    }

    /// The original key, as the department sent it (kept by the router in a header).
    var originalKey: [UInt8]? {
        headers.last { $0.name == RecordHeaders.originKey }?.value
    }

    /// The CloudEvent, its `time` defaulting to the original record's broker timestamp.
    func decodeEvent() throws(EventError) -> CloudEvent {
        var event = try CloudEvent.decode(headers: headers.map { ($0.name, $0.value) }, body: value)
        if event.time == nil, let millis = header(RecordHeaders.originTimestamp).flatMap(Int64.init) {
            event.time = Timestamp(milliseconds: millis)
        }
        return event
    }

    /// Where the department published the record (the router's origin headers).
    var origin: DeadLetterNote.Source? {
        guard let topic = header(RecordHeaders.originTopic) else { return nil }
        return DeadLetterNote.Source(topic: topic, partition: header(RecordHeaders.originPartition).flatMap(Int32.init),
                                     offset: header(RecordHeaders.originOffset).flatMap(Int64.init))
    }

    /// The value of a header as text, if present.
    func header(_ name: String) -> String? {
        headers.last { $0.name == name }?.value.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The original record, unchanged, addressed to the dead-letter topic with the reason.
    func deadLetter(topic: String, code: String, reason: String, refusedBy stage: String) -> OutboxMessage {
        var out = headers.filter { !RecordHeaders.all.contains($0.name) }.map {
            OutboxMessage.Header(name: $0.name, value: $0.value)
        }
        for name in [RecordHeaders.originTopic, RecordHeaders.originPartition, RecordHeaders.originOffset] {
            if let value = header(name) { out.append(.init(name: name, value: Array(value.utf8))) }
        }
        out.append(.init(name: RecordHeaders.reasonCode, value: Array(code.utf8)))
        out.append(.init(name: RecordHeaders.reason, value: RecordHeaders.reasonValue(reason)))
        out.append(.init(name: RecordHeaders.refusedBy, value: Array(stage.utf8)))
        return OutboxMessage(partition: partition, topic: topic, key: originalKey, headers: out, value: value)
    }
}

extension LiaisonConfiguration.Topics {
    /// The configured name of one of the engine's output topics.
    func name(of topic: OutputTopic) -> String {
        switch topic {
        case .assignments: assignments
        case .reminders: reminders
        case .escalations: escalations
        case .cases: cases
        case .metrics: metrics
        }
    }
}
