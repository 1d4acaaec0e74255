import LiaisonStore

extension Processor {
    /// After a fenced commit: finds which of the batch's `leases` another instance has taken
    /// since (a newer epoch in the store) and gives up those partitions alone: the cached
    /// states go, and their inputs and due timers are left out when the caller applies the rest
    /// of the refused batch again. Their outbox rows and timers are the new owner's to send
    /// and fire.
    /// Records of those partitions that are still delivered are skipped; the partition comes
    /// back only when Kafka assigns it again and a fresh lease is taken (``startOffsets``),
    /// from the offset its owner committed.
    ///
    /// Rethrows `fenced` when no lease turns out stale: the refusal is then unexplained, and
    /// the daemon stops rather than guess.
    func dropMoved(_ leases: [PartitionLease], fenced: StoreError, cache: inout StateCache) async throws {
        var moved: [PartitionLease] = []
        for lease in leases {
            do {
                // A batch of a lease alone writes nothing and is refused exactly when the lease is stale.
                try await StoreRetry(what: "checking a lease", logger: logger, metrics: metrics).run {
                    try await store.commit(StoreBatch(leases: [lease]))
                }
            } catch let error as StoreError where error.code == .fenced {
                moved.append(lease)
            }
        }
        guard !moved.isEmpty else { throw fenced }
        let partitions = moved.map(\.partition)
        logEnded(ownership.lost(partitions), why: "fenced")
        cache.clear()
        metrics.partitions(owned: ownership.partitions.count, lagSeconds: Dictionary(uniqueKeysWithValues: partitions.map { ($0, 0) }))
        logger.warning("commit fenced: another instance owns these partitions now; their uncommitted work is dropped and the others carry on", metadata: [
            "partitions": "\(moved.map { "\($0.partition)@epoch\($0.epoch)" })",
            "still_owned": "\(ownership.partitions)",
            "error": "\(fenced)",
        ])
    }
}
