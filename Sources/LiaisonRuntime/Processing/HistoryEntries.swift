import LiaisonCore
import LiaisonStore

/// The history records a batch appends for a case: compact JSON the admin view reads back
/// (`GET /v1/cases/{id}`). Field names are part of what operators see; keep them stable.
enum HistoryEntries {
    /// An inbound event applied to the case (`replayed`: it had waited in the inbox until the
    /// case opened).
    static func input(_ event: CloudEvent, at time: Timestamp, replayed: Bool = false) -> CaseHistoryEntry {
        var members: [(String, JSONValue)] = [
            ("type", .string(event.type.rawValue)), ("id", .string(event.id)), ("unit", .string(event.unit)),
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

    /// An output the case emitted, on the topic it is sent to.
    static func output(_ message: OutboundMessage, caseID: String, topic: String) -> CaseHistoryEntry {
        var members: [(String, JSONValue)] = [("topic", .string(topic)), ("type", .string(message.type)), ("id", .string(message.id))]
        if let unit = message.unit { members.append(("unit", .string(unit))) }
        return CaseHistoryEntry(caseID: caseID, at: message.time.milliseconds, kind: .output,
                                entry: JSONValue.object(members).serializedString)
    }
}
