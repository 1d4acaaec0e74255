/// A signed audit checkpoint as the store keeps it (AUDIT.md): the record published on
/// `liaison.audit`, numbered per partition. Append-only: the newest of each partition is what
/// the next checkpoint links to, and `liaison audit verify --store` checks every one.
public struct StoredCheckpoint: Sendable, Hashable {
    /// The inbound partition it covers.
    public var partition: Int32
    /// Its number among the partition's checkpoints, from 1.
    public var seq: Int64
    /// The record, compact JSON, exactly as published.
    public var record: String

    /// Creates a row.
    public init(partition: Int32, seq: Int64, record: String) {
        self.partition = partition
        self.seq = seq
        self.record = record
    }
}
