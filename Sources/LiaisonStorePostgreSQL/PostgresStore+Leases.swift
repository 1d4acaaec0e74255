import LiaisonStore
import PostgresNIO

extension PostgresStore {
    /// Bumps the epoch of each partition (creating its lease at epoch 1) and records `owner`,
    /// in one transaction, and reads the stored next offsets. Partitions are locked in
    /// ascending order, as commits lock them, so two instances never wait for each other in a
    /// cycle.
    public func acquire(partitions: [Int32], owner: String) async throws(StoreError) -> [PartitionLease] {
        let unique = Array(Set(partitions)).sorted()
        guard !unique.isEmpty else { return [] }
        let logger = self.logger
        let (epochs, offsets) = try await transaction("acquiring partitions") { connection in
            var epochs: [Int32: Int64] = [:]
            let acquired = try await connection.query("""
                INSERT INTO leases(partition, owner, epoch)
                SELECT p, \(owner), 1 FROM unnest(\(unique)::integer[]) AS p ORDER BY p
                ON CONFLICT (partition) DO UPDATE SET owner = excluded.owner, epoch = leases.epoch + 1
                RETURNING partition, epoch
                """, logger: logger)
            for try await (partition, epoch) in acquired.decode((Int32, Int64).self) { epochs[partition] = epoch }
            var offsets: [Int32: Int64] = [:]
            let stored = try await connection.query(
                "SELECT partition, next_offset FROM offsets WHERE partition = ANY(\(unique)::integer[])", logger: logger)
            for try await (partition, next) in stored.decode((Int32, Int64).self) { offsets[partition] = next }
            return (epochs, offsets)
        }
        var seen = Set<Int32>()
        let leases = partitions.filter { seen.insert($0).inserted }.map {
            PartitionLease(partition: $0, epoch: epochs[$0] ?? 1, nextOffset: offsets[$0])
        }
        logger.info("partitions acquired", metadata: ["owner": "\(owner)", "leases": "\(leases.map { "\($0.partition)@\($0.epoch)" })"])
        return leases
    }

    /// Clears the owner of each partition still held by `owner`; epochs are kept.
    public func release(partitions: [Int32], owner: String) async throws(StoreError) {
        guard !partitions.isEmpty else { return }
        _ = try await rows("releasing partitions",
                           "UPDATE leases SET owner = NULL WHERE partition = ANY(\(partitions)::integer[]) AND owner = \(owner)")
        logger.info("partitions released", metadata: ["owner": "\(owner)", "partitions": "\(partitions)"])
    }
}
