extension SQLiteStore {
    /// Bumps the epoch of each partition (creating its lease row at epoch 1) and records
    /// `owner`, in one transaction; a repeated partition is acquired once.
    public func acquire(partitions: [Int32], owner: String) throws(StoreError) -> [PartitionLease] {
        var seen = Set<Int32>()
        let unique = partitions.filter { seen.insert($0).inserted }
        let leases = try locked { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) -> [PartitionLease] in
                try unique.map { partition throws(StoreError) in
                    let epoch = try connection.scalar(
                        """
                        INSERT INTO leases(partition, owner, epoch) VALUES (?, ?, 1)
                        ON CONFLICT(partition) DO UPDATE SET owner = excluded.owner, epoch = epoch + 1
                        RETURNING epoch
                        """,
                        [.int(partition), .text(owner)]
                    )
                    let next = try connection.scalar(
                        "SELECT next_offset FROM offsets WHERE partition = ?", [.int(partition)]
                    )
                    return PartitionLease(partition: partition, epoch: epoch ?? 1, nextOffset: next)
                }
            }
        }
        logger.info(
            "partitions acquired",
            metadata: ["owner": "\(owner)", "leases": "\(leases.map { "\($0.partition)@\($0.epoch)" })"]
        )
        return leases
    }

    /// Clears the owner of each partition still held by `owner`; epochs are kept.
    public func release(partitions: [Int32], owner: String) throws(StoreError) {
        try locked { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                for partition in partitions {
                    try connection.run(
                        "UPDATE leases SET owner = NULL WHERE partition = ? AND owner = ?",
                        [.int(partition), .text(owner)]
                    )
                }
            }
        }
        logger.info("partitions released", metadata: ["owner": "\(owner)", "partitions": "\(partitions)"])
    }
}
