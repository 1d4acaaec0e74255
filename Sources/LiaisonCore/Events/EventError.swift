/// Why an inbound record is not a usable CloudEvent.
///
/// `code` is short and stable so the daemon can put it in a dead-letter header.
public struct EventError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable reasons a record is refused before it reaches the engine.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The body (structured mode) or data (binary mode) is not JSON.
        case notJSON = "not-json"
        /// A required CloudEvents attribute (id, source, type, subject/caseId, specversion) is absent.
        case missingAttribute = "missing-attribute"
        /// `type` is none of the event types of DESIGN §3.
        case unknownType = "unknown-type"
        /// `time` is not an RFC 3339 instant.
        case badTime = "bad-time"
        /// `source` is not `/units/<unit-id>`.
        case badSource = "bad-source"
        /// `data` lacks a field its type needs, or has one of the wrong kind.
        case badData = "bad-data"
        /// An attribute (id, subject, source, type) is too long or holds a control character.
        case badAttribute = "bad-attribute"

        /// What the code means, for the operations guide's table of reason codes.
        public var meaning: String {
            switch self {
            case .notJSON: return "the body (structured mode) or data (binary mode) is not JSON"
            case .missingAttribute: return "a required CloudEvents attribute (specversion, id, source, type, subject or data.caseId) is absent"
            case .unknownType: return "type is none of Liaison's inbound event types"
            case .badTime: return "time is not an RFC 3339 instant"
            case .badSource: return "source is not /units/<unit-id>"
            case .badData: return "data lacks a field its type needs, or has one of the wrong kind"
            case .badAttribute: return "id, subject, source or type is too long or holds a control character"
            }
        }
    }

    /// The stable code.
    public var code: Code
    /// A sentence for humans naming the attribute or field at fault.
    public var reason: String

    /// Creates an error. The reason may repeat sender text; it is cut to a bounded length so
    /// that no header or log line grows with the input.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason.utf8.count > 512 ? String(reason.prefix(480)) + "… (cut)" : reason
    }

    /// `code: reason`, for logs and dead-letter headers.
    public var description: String { "\(code.rawValue): \(reason)" }
}
