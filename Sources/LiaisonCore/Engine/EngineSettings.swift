/// Limits the engine applies; plain data with defaults so the daemon can configure them.
public struct EngineSettings: Hashable, Sendable {
    /// How long an event for a case that does not exist yet waits in the case inbox (default 24 h).
    public var inboxTTL: Duration
    /// How far an event's `time` may lie ahead of the engine's `now` (default 5 min).
    public var maxFutureSkew: Duration
    /// Most events one case inbox holds; more are refused (`inbox-full`).
    public var inboxLimit: Int

    /// Creates settings; every parameter has the documented default.
    public init(inboxTTL: Duration = .seconds(24 * 3600), maxFutureSkew: Duration = .seconds(300), inboxLimit: Int = 64) {
        self.inboxTTL = inboxTTL
        self.maxFutureSkew = maxFutureSkew
        self.inboxLimit = inboxLimit
    }
}

extension Duration {
    /// Whole milliseconds in this duration.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
