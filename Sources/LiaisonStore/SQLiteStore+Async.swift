import Dispatch

/// The ``StateStore`` seam: each call runs the synchronous operation of the same name on the
/// store's own serial queue, in submission order, so that SQLite's blocking work (an fsync per
/// commit) never occupies a thread of Swift's cooperative pool. The synchronous methods stay
/// available to tools that own the store outright (tests, benchmarks, migrations).
extension SQLiteStore {
    /// Runs `body` on the store's queue and hands back its result.
    func onQueue<T: Sendable>(_ body: @escaping @Sendable (SQLiteStore) throws(StoreError) -> T) async throws(StoreError) -> T {
        try await queue.perform { () throws(StoreError) -> T in try body(self) }
    }

    public func acquire(partitions: [Int32], owner: String) async throws(StoreError) -> [PartitionLease] {
        try await onQueue { store throws(StoreError) in try store.acquire(partitions: partitions, owner: owner) }
    }

    public func release(partitions: [Int32], owner: String) async throws(StoreError) {
        try await onQueue { store throws(StoreError) in try store.release(partitions: partitions, owner: owner) }
    }

    /// Read on the reader's connection: it does not queue behind a commit in progress, and
    /// it sees what was committed before the call.
    public func caseStates(ids: [String]) async throws(StoreError) -> [String: [UInt8]] {
        try await readCommittedStates(ids: ids)
    }

    public func commit(_ batch: StoreBatch) async throws(StoreError) {
        try await onQueue { store throws(StoreError) in try store.commit(batch) }
    }

    public func dueTimers(partitions: [Int32], dueBy: Int64, limit: Int) async throws(StoreError) -> [StoredTimer] {
        try await onQueue { store throws(StoreError) in try store.dueTimers(partitions: partitions, dueBy: dueBy, limit: limit) }
    }

    public func nextTimerDue(partitions: [Int32]) async throws(StoreError) -> Int64? {
        try await onQueue { store throws(StoreError) in try store.nextTimerDue(partitions: partitions) }
    }

    public func pendingOutbox(partitions: [Int32], after: Int64?, limit: Int) async throws(StoreError) -> [OutboxEntry] {
        try await onQueue { store throws(StoreError) in try store.pendingOutbox(partitions: partitions, after: after, limit: limit) }
    }

    public func deleteOutbox(sequences: [Int64]) async throws(StoreError) {
        try await onQueue { store throws(StoreError) in try store.deleteOutbox(sequences: sequences) }
    }

    public func metricRows(partitions: [Int32]) async throws(StoreError) -> [MetricRow] {
        try await onQueue { store throws(StoreError) in try store.metricRows(partitions: partitions) }
    }

    public func metricRows(partitions: [Int32], keys: [String]) async throws(StoreError) -> [MetricRow] {
        try await onQueue { store throws(StoreError) in try store.metricRows(partitions: partitions, keys: keys) }
    }

    public func statistics() async throws(StoreError) -> StoreStatistics {
        try await onQueue { store throws(StoreError) in try store.statistics() }
    }
}

extension DispatchQueue {
    /// Runs `body` on this queue and hands back its result, without holding a thread of the
    /// cooperative pool meanwhile.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws(StoreError) -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            async { continuation.resume(returning: Result { () throws(StoreError) -> T in try body() }) }
        }
        return try result.get()
    }
}
