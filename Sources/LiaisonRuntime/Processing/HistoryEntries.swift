import LiaisonCore
import LiaisonStore

/// The history records a batch appends for a case: compact JSON the admin view reads back
/// (`GET /v1/cases/{id}`) and the audit chain hashes byte for byte (AUDIT.md). Field names
/// are part of what operators and verifiers see; keep them stable.
enum HistoryEntries {
    /// An inbound event applied to the case: its sender, id, type and the SHA-256 `digest` of
    /// the record value it came in (`replayed`: it had waited in the inbox until the case
    /// opened; the digest is then of its data as the inbox kept it).
    static func input(_ event: CloudEvent, at time: Timestamp, digest: String, replayed: Bool = false) -> CaseHistoryEntry {
        var members: [(String, JSONValue)] = [
            ("type", .string(event.type.rawValue)), ("id", .string(event.id)), ("unit", .string(event.unit)),
            ("source", .string(event.source)), ("digest", .string(digest)),
        ]
        if replayed { members.append(("replayed", .bool(true))) }
        return CaseHistoryEntry(caseID: event.caseID, at: time.milliseconds, kind: .input,
                                entry: JSONValue.object(members).serializedString)
    }

    /// A timer mark of the case fired.
    static func timer(id: String, caseID: String, due: Timestamp) -> CaseHistoryEntry {
        CaseHistoryEntry(caseID: caseID, at: due.milliseconds, kind: .timer,
                         entry: JSONValue.object([("id", .string(id))]).serializedString)
    }

    /// An output the case emitted, on the topic it is sent to, with the SHA-256 digest of its
    /// `value` (the message's serialized bytes, which the caller also publishes).
    static func output(_ message: OutboundMessage, value: [UInt8], caseID: String, topic: String) -> CaseHistoryEntry {
        CaseHistoryEntry(caseID: caseID, at: message.time.milliseconds, kind: .output,
                         entry: outputEntry(topic: topic, type: message.type, id: message.id, unit: message.unit,
                                            digest: AuditChain.digest(value)))
    }

    /// The entry JSON of an output: also what a verifier rebuilds from the published record
    /// (its topic, `ce_type`, `ce_id`, the data's `unit` or `lateUnit`, the value's digest).
    static func outputEntry(topic: String, type: String, id: String, unit: String?, digest: String) -> String {
        var members: [(String, JSONValue)] = [("topic", .string(topic)), ("type", .string(type)), ("id", .string(id))]
        if let unit { members.append(("unit", .string(unit))) }
        members.append(("digest", .string(digest)))
        return JSONValue.object(members).serializedString
    }
}

/// The headers every output carries: its entry's place in its case's audit chain, so that a
/// holder of the output topics can check them against `liaison.audit` (AUDIT.md).
enum ChainHeaders {
    /// The entry's sequence number, decimal.
    static let seq = "liaison.chain.seq"
    /// The entry's hash, lowercase hex.
    static let hash = "liaison.chain.hash"
    /// The previous entry's hash, lowercase hex: with it a reader recomputes the output's
    /// hash from the record alone.
    static let prev = "liaison.chain.prev"
}
