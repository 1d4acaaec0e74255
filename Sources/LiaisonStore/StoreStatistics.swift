/// A snapshot of the store's size, for `/metrics` and operators' commands.
public struct StoreStatistics: Sendable, Hashable {
    /// Number of stored case states.
    public var cases: Int
    /// Number of pending timers.
    public var timers: Int
    /// Number of outbox messages not yet acknowledged by the broker.
    public var outboxDepth: Int
    /// Bytes used on disk (for SQLite: the database file plus its write-ahead log).
    public var bytesOnDisk: Int64

    /// Creates a snapshot.
    public init(cases: Int, timers: Int, outboxDepth: Int, bytesOnDisk: Int64) {
        self.cases = cases
        self.timers = timers
        self.outboxDepth = outboxDepth
        self.bytesOnDisk = bytesOnDisk
    }
}
