/// The daemon's durable state, behind one interface so that the embedded SQLite store and a
/// shared PostgreSQL store (several instances, fenced by epochs) are interchangeable.
///
/// The seam is async and batch-shaped: one call reads every state a batch needs, one call
/// commits everything a batch changes. An implementation does its blocking work (disk, network)
/// off Swift's cooperative pool itself — the SQLite store on a serial queue of its own, in
/// submission order — so callers simply `await`. Every method either completes or throws a
/// ``StoreError``; a thrown ``commit(_:)`` changed nothing. The operator's reads (counts, case
/// lists, history) are in ``StateStoreCatalog``.
public protocol StateStore: OutboxStore, StateStoreCatalog {
    /// Takes ownership of `partitions` for `owner`: bumps each partition's epoch (so that an
    /// older owner can no longer commit) and returns the new epochs with the stored next
    /// offsets, in the order of `partitions`.
    func acquire(partitions: [Int32], owner: String) async throws(StoreError) -> [PartitionLease]

    /// Gives up `partitions` held by `owner` (after a rebalance revoked them or on shutdown).
    /// Partitions held by someone else are left alone. Epochs are kept, so they only grow.
    func release(partitions: [Int32], owner: String) async throws(StoreError)

    /// Binds the store's input offsets to `topic` and returns the topic they belong to after the call:
    /// the topic recorded earlier, if any; otherwise, when the store already holds offsets (written
    /// before stores recorded their topic), `legacy` is recorded and returned; otherwise `topic` is
    /// recorded and returned. Atomic: instances starting together on one shared store agree.
    ///
    /// The offsets ``acquire(partitions:owner:)`` returns are positions in one topic; read in
    /// another, they would skip or repeat records. The runtime calls this before it reads any
    /// input and refuses to start when the answer is not the topic it is about to read.
    func bindOffsets(to topic: String, legacy: String) async throws(StoreError) -> String

    /// The stored states of the given cases; ids without a state are absent from the result.
    /// Sees every commit that returned before the call; it may answer while a later commit is
    /// still in progress, without waiting for it (the processor asks only for cases that no
    /// batch in flight touches).
    func caseStates(ids: [String]) async throws(StoreError) -> [String: [UInt8]]

    /// Applies `batch` atomically. Throws ``StoreError/Code/fenced`` when any lease's epoch is
    /// no longer current, ``StoreError/Code/invalidBatch`` when the batch writes a partition it
    /// holds no lease for; in both cases nothing is changed.
    func commit(_ batch: StoreBatch) async throws(StoreError)

    /// Timers of `partitions` due at or before `dueBy` (ms since the epoch), earliest first
    /// (ties by id), at most `limit` of them.
    func dueTimers(partitions: [Int32], dueBy: Int64, limit: Int) async throws(StoreError) -> [StoredTimer]

    /// The earliest due time among the timers of `partitions`, or `nil` when there is none;
    /// lets the timer loop sleep exactly as long as it can.
    func nextTimerDue(partitions: [Int32]) async throws(StoreError) -> Int64?

    /// The metric contributions stored for `partitions`, ordered by partition then key.
    func metricRows(partitions: [Int32]) async throws(StoreError) -> [MetricRow]

    /// The metric contributions stored for `partitions` under one of `keys`, ordered by
    /// partition then key: what a batch needs to add its changes to, without reading the daily
    /// rows it does not touch.
    func metricRows(partitions: [Int32], keys: [String]) async throws(StoreError) -> [MetricRow]

    /// Counts and sizes, for monitoring.
    func statistics() async throws(StoreError) -> StoreStatistics
}

/// The outbox as its publisher sees it: messages to send, in sequence order, and deletes once
/// the broker acknowledged them.
public protocol OutboxStore: AnyObject, Sendable {
    /// The oldest outbox messages of `partitions` with a sequence number above `after` (all
    /// of them when `after` is nil), in sequence order, at most `limit` of them. Each instance
    /// publishes the messages of the partitions it owns, and only those; `after` lets it read
    /// the next messages while the previous ones are still being sent.
    func pendingOutbox(partitions: [Int32], after: Int64?, limit: Int) async throws(StoreError) -> [OutboxEntry]

    /// Deletes the given outbox messages (acknowledged out of order); absent ones are ignored.
    func deleteOutbox(sequences: [Int64]) async throws(StoreError)
}

extension OutboxStore {
    /// The head of the outbox of `partitions`: its oldest messages, at most `limit` of them.
    public func pendingOutbox(partitions: [Int32], limit: Int) async throws(StoreError) -> [OutboxEntry] {
        try await pendingOutbox(partitions: partitions, after: nil, limit: limit)
    }
}
