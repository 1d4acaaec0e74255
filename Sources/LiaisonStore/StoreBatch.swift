/// Everything one processing batch changes, committed atomically or not at all.
///
/// The runtime folds the outcome of many input records and fired timers into one batch, so
/// that one transaction (one fsync) covers them all and the input offsets move together with
/// the state they produced. The store treats states and messages as opaque bytes.
///
/// Rules:
/// - every partition written (case states, deleted cases, timers, outbox messages, offsets,
///   metric rows) must have a lease in ``leases``, otherwise ``StateStore/commit(_:)`` throws
///   ``StoreError/Code/invalidBatch``;
/// - deletions and cancellations are applied before upserts, so an id present in both lists
///   ends up stored (a timer fired and rescheduled under the same id stays scheduled);
/// - history is appended with the state it led to: every case in ``history`` must be in
///   ``caseStates``, otherwise the batch is invalid. A deleted case's history goes with it.
public struct StoreBatch: Sendable {
    /// The new state of one case.
    public struct CaseState: Sendable, Hashable {
        /// The case's partition.
        public var partition: Int32
        /// The serialized state, produced and read by the engine only.
        public var state: [UInt8]
        /// What operators filter on, derived from the state by the runtime; nil leaves the
        /// row's summary unknown (the start-up backfill computes it).
        public var summary: CaseSummary?

        /// Whether the summary's workflow, version and status are those the store already
        /// holds for the case (the runtime knows from the state it loaded): the store may then
        /// leave the indexes on them untouched, which most writes of a running case allow.
        public var indexedSummaryUnchanged: Bool

        /// Creates a case state write.
        public init(partition: Int32, state: [UInt8], summary: CaseSummary? = nil, indexedSummaryUnchanged: Bool = false) {
            self.partition = partition
            self.state = state
            self.indexedSummaryUnchanged = indexedSummaryUnchanged
            self.summary = summary
        }
    }

    /// The epochs this batch was computed under; the commit is refused (fenced) if any of them
    /// is no longer current.
    public var leases: [PartitionLease]
    /// Case states to insert or replace, by case id.
    public var caseStates: [String: CaseState]
    /// Cases to forget, by case id, each with its partition: a case whose inbox expired
    /// without the case ever opening, or one closed and no longer needed.
    ///
    /// A deletion writes its partition as a state does, so the partition needs a lease. Only a
    /// row stored under that partition is deleted; absent ids are ignored. Timers are not
    /// touched: the engine cancels them itself in ``cancelledTimers``.
    public var deletedCases: [String: Int32]
    /// Timers to insert or replace, by timer id.
    public var scheduledTimers: [StoredTimer]
    /// Timer ids to delete (fired or cancelled); absent ids are ignored.
    public var cancelledTimers: [String]
    /// Messages to append to the outbox, in this order.
    public var outbox: [OutboxMessage]
    /// Per partition, the next input offset to read once this batch is committed.
    public var offsets: [Int32: Int64]
    /// Per-partition metric contributions to insert or replace, by (partition, key).
    public var metricContributions: [MetricRow]
    /// History records to append, in this order; each case's get the next sequence numbers.
    public var history: [CaseHistoryEntry]
    /// How many history records the store keeps per case: after appending, the oldest beyond
    /// this many of each case the batch appended to are deleted.
    public var historyPerCase: Int

    /// Audit checkpoints to append (their partitions need a lease).
    public var checkpoints: [StoredCheckpoint]

    /// The default of ``historyPerCase`` (`store.history_per_case`).
    public static let defaultHistoryPerCase = 1_000

    /// Creates a batch; every part defaults to empty.
    public init(
        leases: [PartitionLease] = [],
        caseStates: [String: CaseState] = [:],
        deletedCases: [String: Int32] = [:],
        scheduledTimers: [StoredTimer] = [],
        cancelledTimers: [String] = [],
        outbox: [OutboxMessage] = [],
        offsets: [Int32: Int64] = [:],
        metricContributions: [MetricRow] = [],
        history: [CaseHistoryEntry] = [],
        historyPerCase: Int = StoreBatch.defaultHistoryPerCase,
        checkpoints: [StoredCheckpoint] = []
    ) {
        self.checkpoints = checkpoints
        self.leases = leases
        self.caseStates = caseStates
        self.deletedCases = deletedCases
        self.scheduledTimers = scheduledTimers
        self.cancelledTimers = cancelledTimers
        self.outbox = outbox
        self.offsets = offsets
        self.metricContributions = metricContributions
        self.history = history
        self.historyPerCase = historyPerCase
    }

    /// The partitions the batch writes that none of its leases covers; a store refuses the
    /// batch (``StoreError/Code/invalidBatch``) unless this is empty.
    public var unleasedPartitions: [Int32] {
        var written = Set(offsets.keys)
        written.formUnion(caseStates.values.map(\.partition))
        written.formUnion(deletedCases.values)
        written.formUnion(scheduledTimers.map(\.partition))
        written.formUnion(outbox.map(\.partition))
        written.formUnion(metricContributions.map(\.partition))
        written.formUnion(checkpoints.map(\.partition))
        return written.subtracting(leases.map(\.partition)).sorted()
    }

    /// Refuses a batch that writes a partition without a lease, before any database work.
    public func validate() throws(StoreError) {
        let unwritten = Set(history.map(\.caseID)).subtracting(caseStates.keys)
        guard unwritten.isEmpty else {
            throw StoreError(code: .invalidBatch, reason: "batch appends history to cases \(unwritten.sorted()) without writing their state")
        }
        let unleased = unleasedPartitions
        guard unleased.isEmpty else {
            throw StoreError(code: .invalidBatch, reason: "batch writes partitions \(unleased) without a lease")
        }
    }

    /// Whether the batch changes nothing (no need to open a transaction).
    public var isEmpty: Bool {
        caseStates.isEmpty && deletedCases.isEmpty && scheduledTimers.isEmpty
            && cancelledTimers.isEmpty && outbox.isEmpty && offsets.isEmpty
            && metricContributions.isEmpty && history.isEmpty && checkpoints.isEmpty
    }
}
