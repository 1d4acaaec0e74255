/// A stored case state that cannot be read back (corrupt, truncated, or a newer format).
public struct StateDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Always `bad-state`, for logs and dead letters.
    public var code = "bad-state"
    /// What is wrong.
    public var reason: String

    init(_ reason: String) { self.reason = reason }

    /// `bad-state: reason`, for logs.
    public var description: String { "\(code): \(reason)" }
}
