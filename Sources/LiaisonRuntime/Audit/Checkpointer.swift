import LiaisonCore
import LiaisonStore
import Logging

/// Makes the signed audit checkpoints of the partitions this instance owns (AUDIT.md).
///
/// Run by the processor between two batches, once the batch in flight has committed, so no
/// commit of its partitions runs meanwhile.
/// A checkpoint covers the cases written since the partition's previous checkpoint, read from
/// the store (`updated` at or after the previous checkpoint's time, less ``overlap``), so a
/// kill -9 loses nothing: what was committed before it is covered by the next checkpoint.
/// Each checkpoint is committed under the partition's lease (fenced like any batch) into the
/// store's checkpoint log and the outbox, which publishes it on `liaison.audit`.
struct Checkpointer {
    let store: any StateStore
    let topic: String
    let key: AuditSigningKey?
    let interval: Duration
    let logger: Logger
    /// Where a store fault is recorded for readiness while the commit is retried.
    let metrics: RuntimeMetrics
    private var nextDue: ContinuousClock.Instant

    /// Most heads in one checkpoint record; more changed cases make several, linked in order.
    static let headsPerCheckpoint = 1_000
    /// How far before the previous checkpoint's time the next one looks: cases written in the
    /// same millisecond, or stamped by another instance's slightly slower clock, are covered
    /// twice rather than missed.
    static let overlap: Int64 = 5_000

    init(store: any StateStore, topic: String, key: AuditSigningKey?, interval: Duration, logger: Logger, metrics: RuntimeMetrics) {
        self.store = store
        self.topic = topic
        self.key = key
        self.interval = interval
        self.logger = logger
        self.metrics = metrics
        nextDue = .now + interval
    }

    /// Whether the interval has passed.
    var isDue: Bool { ContinuousClock.now >= nextDue }

    /// Checkpoints every lease's partition when the interval has passed; returns whether an
    /// outbox message was written.
    mutating func checkpointIfDue(_ leases: [PartitionLease], now: Timestamp) async -> Bool {
        guard ContinuousClock.now >= nextDue else { return false }
        nextDue = .now + interval
        return await checkpoint(leases, now: now)
    }

    /// Checkpoints every lease's partition now (also at shutdown); a failure is logged, not
    /// thrown: the next checkpoint covers the same cases.
    func checkpoint(_ leases: [PartitionLease], now: Timestamp) async -> Bool {
        var wrote = false
        for lease in leases {
            do {
                wrote = try await checkpoint(lease, now: now) || wrote
            } catch {
                logger.warning("audit checkpoint failed; the next one covers its cases",
                               metadata: ["partition": "\(lease.partition)", "error": "\(error)"])
            }
        }
        return wrote
    }

    private func checkpoint(_ lease: PartitionLease, now: Timestamp) async throws -> Bool {
        let previous = try await store.auditCheckpoints(partition: lease.partition, newestOnly: true).last
        var seq: Int64 = 1
        var prevHash = AuditChain.genesis
        var since = Int64.min
        if let previous {
            guard let parsed = JSONValue.parseCheckpoint(previous.record) else {
                throw RuntimeError(code: .storeUnavailable, reason: "audit checkpoint \(lease.partition)/\(previous.seq) in the store cannot be read")
            }
            seq = previous.seq + 1
            prevHash = parsed.hash
            since = parsed.time - Self.overlap
        }
        var heads: [AuditCheckpoint.Head] = []
        for (caseID, bytes) in try await store.caseStates(partition: lease.partition, updatedSince: since) {
            guard let head = (try? CaseState(decoding: bytes))?.chain else { continue }
            heads.append(AuditCheckpoint.Head(caseID: caseID, seq: head.seq, hash: head.hash))
        }
        guard !heads.isEmpty else { return false }
        heads.sort { Array($0.caseID.utf8).lexicographicallyPrecedes(Array($1.caseID.utf8)) }
        var batch = StoreBatch(leases: [lease])
        var start = 0
        while start < heads.count {
            let chunk = Array(heads[start..<min(heads.count, start + Self.headsPerCheckpoint)])
            var checkpoint = AuditCheckpoint(partition: lease.partition, seq: seq, prevHash: prevHash, heads: chunk, time: now.milliseconds)
            try key?.sign(&checkpoint)
            let record = checkpoint.json.serialized
            batch.checkpoints.append(StoredCheckpoint(partition: lease.partition, seq: seq, record: String(decoding: record, as: UTF8.self)))
            batch.outbox.append(OutboxMessage(
                partition: lease.partition, topic: topic, key: Array("partition-\(lease.partition)".utf8),
                headers: [OutboxMessage.Header(name: "content-type", value: Array("application/json".utf8))], value: record
            ))
            prevHash = checkpoint.hash
            seq += 1
            start += Self.headsPerCheckpoint
        }
        try await StoreRetry(what: "committing an audit checkpoint", logger: logger, metrics: metrics).run { try await store.commit(batch) }
        logger.debug("audit checkpoint committed", metadata: ["partition": "\(lease.partition)", "cases": "\(heads.count)", "seq": "\(seq - 1)"])
        return true
    }
}

extension JSONValue {
    /// The checkpoint a stored record holds, or nil.
    static func parseCheckpoint(_ record: String) -> AuditCheckpoint? {
        (try? JSONValue.parse(Array(record.utf8))).flatMap(AuditCheckpoint.init(json:))
    }
}
