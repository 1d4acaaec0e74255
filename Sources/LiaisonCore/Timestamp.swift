/// An instant on the UTC timeline with millisecond precision.
///
/// The engine never reads a clock: every instant it sees is passed in as a `Timestamp`
/// (an event's `time`, a fired timer's due time, or the caller's "now").
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    /// Creates an instant from milliseconds since the Unix epoch.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// Creates an instant from whole seconds since the Unix epoch.
    public init(seconds: Int64) {
        self.milliseconds = seconds * 1000
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.milliseconds < rhs.milliseconds
    }

    /// This instant moved by a signed number of milliseconds.
    public func adding(milliseconds delta: Int64) -> Timestamp {
        Timestamp(milliseconds: milliseconds + delta)
    }

    /// Signed milliseconds from `other` to `self`.
    public func milliseconds(since other: Timestamp) -> Int64 {
        milliseconds - other.milliseconds
    }

    public var description: String { "Timestamp(\(milliseconds) ms)" }
}
