/// Why the engine refused an input; the case is unchanged (but for remembering the event, so
/// that a redelivery changes nothing) and the record goes to dead letter.
public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable code for the dead-letter header (`not-a-party`, `case-closed`, `inbox-expired` …).
    public var code: RefusalCode
    /// A sentence naming what did not fit.
    public var reason: String
    /// The refused event when it is not the input itself (an expired or replayed inbox event).
    public var event: CloudEvent?

    /// Creates a refusal.
    public init(_ code: RefusalCode, _ reason: String, event: CloudEvent? = nil) {
        self.code = code
        self.reason = reason
        self.event = event
    }

    /// `code: reason`, for logs.
    public var description: String { "\(code.rawValue): \(reason)" }
}
