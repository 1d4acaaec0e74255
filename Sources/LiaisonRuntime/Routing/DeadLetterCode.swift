import LiaisonCore

/// A dead-letter reason code given by the daemon itself rather than by the event decoder or
/// the engine. Together with ``EventError/Code`` and ``RefusalCode`` it makes up every value of
/// the `liaison.reason.code` header (see ``all``).
public struct DeadLetterCode: Hashable, Sendable {
    /// The header value.
    public let rawValue: String
    /// What it means, for the operations guide.
    public let meaning: String

    /// The record is larger than `processing.max_event_bytes`; its dead letter is cut to size.
    public static let tooLarge = DeadLetterCode(rawValue: "too-large", meaning: "the record is larger than processing.max_event_bytes; the dead letter keeps its start")
    /// The record carries more headers than any department system sends.
    public static let tooManyHeaders = DeadLetterCode(rawValue: "too-many-headers", meaning: "the record carries more than \(RecordCheck.maxHeaders) headers")
    /// The record came on a topic no configuration binds.
    public static let unknownTopic = DeadLetterCode(rawValue: "unknown-topic", meaning: "the record arrived on a topic that topics.inputs does not bind to any unit")
    /// The sending unit may not publish on the topic the record came on.
    public static let sourceNotAllowed = DeadLetterCode(rawValue: "source-not-allowed", meaning: "the event's source unit is not bound to the topic it arrived on")
    /// On a topic declared keyed by case id, the record's key is not its case id, or the record
    /// is not in the partition that key hashes to: reading it there would give its case a second owner.
    public static let notKeyedByCase = DeadLetterCode(rawValue: "not-keyed-by-case", meaning: "on a topic declared keyed_by_case, the record's key is not its case id or the record is not in the partition its key hashes to")
    /// Kafka refused to store the record (or an output) for what it is; it was cut to size.
    public static let undeliverable = DeadLetterCode(rawValue: "undeliverable", meaning: "Kafka refused the forwarded record or output itself (e.g. too large); the dead letter keeps its start")

    /// The daemon's own codes.
    public static let daemonCodes: [DeadLetterCode] = [.tooLarge, .tooManyHeaders, .unknownTopic, .sourceNotAllowed, .notKeyedByCase, .undeliverable]

    /// Every reason code a dead letter can carry, with its meaning: the decoder's, the
    /// daemon's and the engine's.
    public static var all: [(code: String, meaning: String, refusedBy: String)] {
        EventError.Code.allCases.map { ($0.rawValue, $0.meaning, "router") }
            + daemonCodes.map { ($0.rawValue, $0.meaning, $0 == .undeliverable ? "router or publisher" : "router") }
            + RefusalCode.all.map { ($0.rawValue, $0.meaning, "engine") }
    }
}

extension DeadLetterCode {
    /// Every reason code as a Markdown table, as the operations guide prints it.
    public static var markdownTable: String {
        var lines = ["| `liaison.reason.code` | refused by | means |", "| --- | --- | --- |"]
        for entry in all { lines.append("| `\(entry.code)` | \(entry.refusedBy) | \(entry.meaning) |") }
        return lines.joined(separator: "\n")
    }
}
