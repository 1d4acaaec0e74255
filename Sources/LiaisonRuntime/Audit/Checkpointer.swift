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
///
/// Coverage does not depend on the instances' clocks agreeing. `updated` is stamped by the
/// clock of the instance that commits, the previous checkpoint's time by the clock of the
/// instance that made it, and the two differ when the partition changed hands. So until an
/// owner has committed a checkpoint of its own under a lease, it also looks back to its
/// previous look at its leases (by its own clock), before which it cannot have taken the
/// partition; and the first time it sees a lease it checkpoints that partition even when
/// nothing changed (the checkpoint then lists no head), so that the next owner's comparison
/// starts from this owner's clock. A case write is then compared only with times from the
/// clock that stamped it (AUDIT.md §2, "Coverage and clocks").
struct Checkpointer {
    let store: any StateStore
    let topic: String
    let key: AuditSigningKey?
    let interval: Duration
    let logger: Logger
    /// Where a store fault is recorded for readiness while the commit is retried.
    let metrics: RuntimeMetrics
    private var nextDue: ContinuousClock.Instant
    /// Per partition held: the lease epoch, and until a checkpoint under that epoch is
    /// committed, the time (this instance's wall clock, ms) of the look at the leases before
    /// the one that found it: the lease was taken later, so every case written under it is
    /// stamped at or after that time.
    private var tenures: [Int32: (epoch: Int64, unsignedSince: Int64?)] = [:]
    /// When this instance last looked at its leases (its wall clock, ms); at first, when it
    /// started, before it could hold any.
    private var lastLook: Int64

    /// Most heads in one checkpoint record; more changed cases make several, linked in order.
    static let headsPerCheckpoint = 1_000
    /// How far before the previous checkpoint's time the next one looks: cases written in the
    /// same millisecond, or stamped by another instance's slightly slower clock, are covered
    /// twice rather than missed.
    static let overlap: Int64 = 5_000

    /// Creates the checkpointer of a processor that `started` (its wall clock) before taking
    /// any partition.
    init(store: any StateStore, topic: String, key: AuditSigningKey?, interval: Duration, logger: Logger, metrics: RuntimeMetrics,
         started: Timestamp = .now()) {
        lastLook = started.milliseconds
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

    /// Checkpoints each partition whose lease it has not seen before (even with nothing to
    /// list), then, when the interval has passed, every other lease's partition; returns
    /// whether an outbox message was written.
    mutating func checkpointIfDue(_ leases: [PartitionLease], now: Timestamp) async -> Bool {
        let taken = look(at: leases, now: now)
        var wrote = taken.isEmpty ? false : await checkpoint(taken, now: now, evenIfUnchanged: true)
        guard isDue else { return wrote }
        nextDue = .now + interval
        let checkpointed = Set(taken.map(\.partition))
        wrote = await checkpoint(leases.filter { !checkpointed.contains($0.partition) }, now: now, evenIfUnchanged: false) || wrote
        return wrote
    }

    /// Checkpoints every lease's partition now (also at shutdown); a failure is logged, not
    /// thrown: the next checkpoint covers the same cases.
    mutating func checkpoint(_ leases: [PartitionLease], now: Timestamp) async -> Bool {
        _ = look(at: leases, now: now)
        return await checkpoint(leases, now: now, evenIfUnchanged: false)
    }

    /// Notes the leases not seen before (taken since the previous look) and returns them.
    private mutating func look(at leases: [PartitionLease], now: Timestamp) -> [PartitionLease] {
        let taken = leases.filter { tenures[$0.partition]?.epoch != $0.epoch }
        for lease in taken { tenures[lease.partition] = (lease.epoch, lastLook) }
        lastLook = now.milliseconds
        return taken
    }

    private mutating func checkpoint(_ leases: [PartitionLease], now: Timestamp, evenIfUnchanged: Bool) async -> Bool {
        var wrote = false
        for lease in leases {
            do {
                if try await checkpoint(lease, now: now, evenIfUnchanged: evenIfUnchanged) {
                    wrote = true
                    if tenures[lease.partition]?.epoch == lease.epoch { tenures[lease.partition]?.unsignedSince = nil }
                }
            } catch {
                logger.warning("audit checkpoint failed; the next one covers its cases",
                               metadata: ["partition": "\(lease.partition)", "error": "\(error)"])
            }
        }
        return wrote
    }

    private func checkpoint(_ lease: PartitionLease, now: Timestamp, evenIfUnchanged: Bool) async throws -> Bool {
        let retry = StoreRetry(what: "reading the store for an audit checkpoint", logger: logger, metrics: metrics)
        let previous = try await retry.run { try await store.auditCheckpoints(partition: lease.partition, newestOnly: true).last }
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
        // Until this instance has a checkpoint of its own under the lease, the previous one may
        // carry another instance's clock: also look back to before this one took the partition.
        if let tenure = tenures[lease.partition], tenure.epoch == lease.epoch, let taken = tenure.unsignedSince {
            since = min(since, taken - Self.overlap)
        }
        var heads: [AuditCheckpoint.Head] = []
        for (caseID, bytes) in try await retry.run({ [since] in try await store.caseStates(partition: lease.partition, updatedSince: since) }) {
            guard let head = (try? CaseState(decoding: bytes))?.chain else { continue }
            heads.append(AuditCheckpoint.Head(caseID: caseID, seq: head.seq, hash: head.hash))
        }
        guard !heads.isEmpty || evenIfUnchanged else { return false }
        heads.sort { Array($0.caseID.utf8).lexicographicallyPrecedes(Array($1.caseID.utf8)) }
        var batch = StoreBatch(leases: [lease])
        var start = 0
        repeat {
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
        } while start < heads.count
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
