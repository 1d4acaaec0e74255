import LiaisonKafka
import LiaisonStore
import Logging

extension Processor {
    /// The consumer's start-offset provider: acquires newly assigned partitions in the store
    /// (bumping their epochs, which fences any previous owner) and starts each one where its
    /// last committed batch ended. Called on the consumer's poll thread, so blocking is fine.
    /// `gained` runs after each acquisition (the daemon rings the publisher, which then sends
    /// what the partitions' previous owner left in the outbox).
    static func startOffsets(
        store: any StateStore,
        ownership: PartitionOwnership,
        owner: String,
        gained: @escaping @Sendable () -> Void = {},
        logger: Logger
    ) -> @Sendable ([TopicPartition]) -> [TopicPartition: Int64] {
        { partitions in
            guard !partitions.isEmpty else { return [:] }
            do {
                let numbers = partitions.map(\.partition)
                let leases = try waitBlocking {
                    await ownership.waitForCommitInFlight()
                    return try await store.acquire(partitions: numbers, owner: owner)
                }
                ownership.gained(leases)
                gained()
                var offsets: [TopicPartition: Int64] = [:]
                for (partition, lease) in zip(partitions, leases) {
                    if let next = lease.nextOffset { offsets[partition] = next }
                }
                logger.info("acquired partitions", metadata: [
                    "leases": "\(leases.map { "\($0.partition)@epoch\($0.epoch)→\($0.nextOffset.map(String.init) ?? "start")" })",
                ])
                return offsets
            } catch {
                logger.critical("cannot acquire partitions in the store", metadata: ["error": "\(error)"])
                ownership.failed("cannot acquire partitions in the store: \(error)")
                return [:]
            }
        }
    }

    /// What the consumer calls before giving partitions up: the batch in flight commits first
    /// (see ``PartitionOwnership/waitForCommitInFlight()``).
    static func beforeRevoke(ownership: PartitionOwnership) -> @Sendable ([TopicPartition]) -> Void {
        { _ in _ = try? waitBlocking { await ownership.waitForCommitInFlight() } }
    }
}
