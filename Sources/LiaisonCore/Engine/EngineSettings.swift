/// Limits the engine applies; plain data with defaults so the daemon can configure them
/// (`processing.*` in the configuration file).
public struct EngineSettings: Hashable, Sendable {
    /// How long an event for a case that does not exist yet waits in the case inbox (default 24 h).
    public var inboxTTL: Duration
    /// How far an event's `time` may lie ahead of the engine's `now` (default 5 min).
    public var maxFutureSkew: Duration
    /// How far an event's `time` may lie behind the engine's `now` (default 30 days): older acts
    /// would fire every reminder and escalation at once and make the deadline arithmetic walk
    /// long spans.
    public var maxPastSkew: Duration
    /// Most events one case inbox holds; more are refused (`inbox-full`).
    public var inboxLimit: Int
    /// Most bytes (ids, source, data) the events waiting in one case inbox hold together.
    public var inboxMaxBytes: Int
    /// How many decided event ids a case remembers per sending unit (default 256). Repeats come
    /// from redelivery after a crash, within a few batches; a sender flooding one case only
    /// pushes out its own oldest ids, never another unit's.
    public var seenEventsPerUnit: Int

    /// Creates settings; every parameter has the documented default.
    public init(
        inboxTTL: Duration = .seconds(24 * 3600),
        maxFutureSkew: Duration = .seconds(300),
        maxPastSkew: Duration = .seconds(30 * 24 * 3600),
        inboxLimit: Int = 64,
        inboxMaxBytes: Int = 256 * 1024,
        seenEventsPerUnit: Int = 256
    ) {
        self.inboxTTL = inboxTTL
        self.maxFutureSkew = maxFutureSkew
        self.maxPastSkew = maxPastSkew
        self.inboxLimit = inboxLimit
        self.inboxMaxBytes = inboxMaxBytes
        self.seenEventsPerUnit = seenEventsPerUnit
    }
}

extension Duration {
    /// Whole milliseconds in this duration.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
