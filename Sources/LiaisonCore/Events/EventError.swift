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
    }

    /// The stable code.
    public var code: Code
    /// A sentence for humans naming the attribute or field at fault.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    /// `code: reason`, for logs and dead-letter headers.
    public var description: String { "\(code.rawValue): \(reason)" }
}
