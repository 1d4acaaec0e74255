/// Header names Liaison adds to records it forwards or refuses.
///
/// Department systems and dashboards read them from the dead-letter topic, so they are part of
/// the contract: a refused record keeps its own key, headers and value, and gains these.
public enum RecordHeaders {
    /// Machine-readable reason code of a refusal (`not-json`, `not-a-party`, …).
    public static let reasonCode = "liaison.reason.code"
    /// Human-readable reason of a refusal.
    public static let reason = "liaison.reason"
    /// Topic the record was first published on by its department.
    public static let originTopic = "liaison.origin.topic"
    /// Partition of the record in its original topic.
    public static let originPartition = "liaison.origin.partition"
    /// Offset of the record in its original topic.
    public static let originOffset = "liaison.origin.offset"
    /// The record's original key (the inbound topic is keyed by case id instead).
    public static let originKey = "liaison.origin.key"
    /// Broker timestamp (ms) of the original record; the event time when `time` is absent.
    public static let originTimestamp = "liaison.origin.timestamp"
    /// Which stage refused the record: `router` (no state needed) or `engine` (case rules).
    public static let refusedBy = "liaison.refused.by"

    /// What a set-aside dead letter lost: `value 612345 bytes; key 2048 bytes`. Present only
    /// when the record had to be cut to be deliverable.
    public static let truncated = "liaison.truncated"

    /// Every header Liaison itself adds; stripped before a record is handed on again.
    public static let all: Set<String> = [reasonCode, reason, originKey, originTopic, originPartition, originOffset, originTimestamp, refusedBy, truncated]

    /// The headers saying why a record was refused; replaced when it is refused again.
    static let reasonHeaders: Set<String> = [reasonCode, reason, refusedBy, truncated]

    /// Longest reason text put in a header, in characters.
    static let reasonCharacters = 512

    /// A reason as header bytes, cut to ``reasonCharacters``: reasons may repeat sender text.
    public static func reasonValue(_ reason: String) -> [UInt8] {
        Array((reason.count > reasonCharacters ? String(reason.prefix(reasonCharacters)) + "…" : reason).utf8)
    }
}
