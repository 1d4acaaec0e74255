/// Ownership of one input partition by one daemon instance, as recorded in the store.
///
/// Every ``StateStore/acquire(partitions:owner:)`` bumps the partition's epoch. A batch names
/// the leases it was computed under; the store refuses it if any epoch is no longer current,
/// so an instance that lost a partition in a rebalance cannot overwrite its successor's work.
public struct PartitionLease: Sendable, Hashable {
    /// The input partition (cases are partitioned by case id).
    public var partition: Int32
    /// The fencing token: strictly increasing per partition across all owners.
    public var epoch: Int64
    /// The next input offset to read, as last committed; `nil` when nothing was ever committed
    /// for the partition (start from the consumer's configured reset position).
    public var nextOffset: Int64?

    /// Creates a lease; normally obtained from ``StateStore/acquire(partitions:owner:)``.
    public init(partition: Int32, epoch: Int64, nextOffset: Int64? = nil) {
        self.partition = partition
        self.epoch = epoch
        self.nextOffset = nextOffset
    }
}
