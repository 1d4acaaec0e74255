/// One partition's contribution to a cluster-wide metric (e.g. tasks completed by a unit),
/// stored with the state that produced it so that counts survive restarts and move with the
/// partition in a rebalance. The encoding of `value` belongs to the metrics code.
public struct MetricRow: Sendable, Hashable {
    /// The partition whose cases produced the contribution.
    public var partition: Int32
    /// Whose numbers, e.g. `unit/tax` or `workflow/joint-permit` (the value holds all of them).
    public var key: String
    /// The encoded contribution.
    public var value: [UInt8]

    /// Creates a metric row.
    public init(partition: Int32, key: String, value: [UInt8]) {
        self.partition = partition
        self.key = key
        self.value = value
    }
}
