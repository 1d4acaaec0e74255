import LiaisonCore
import LiaisonStore

/// Verifies the audit chains a store holds: each case's history records against their hashes
/// and against the chain head its state holds (AUDIT.md). Read-only; run by
/// `liaison audit verify --store` and by `GET /v1/cases/{id}/history`.
public struct StoreAudit: Sendable {
    /// One case's records and what verifying them found.
    public struct CaseAudit: Sendable {
        /// The records, oldest first, as stored.
        public var records: [CaseHistoryRecord]
        /// The outcome.
        public var verification: ChainVerification
        /// Whether the store holds the case's state (its row in `cases`).
        public var inStore = true
    }

    /// What verifying a whole store found.
    public struct Report: Sendable {
        /// Cases read.
        public var cases = 0
        /// Entries verified.
        public var entries = 0
        /// Records from before the chain existed, counted, not verified.
        public var legacy = 0
        /// The first case whose chain does not verify, in case id order; nil when all do.
        public var firstFailure: ChainVerification?
        /// Checkpoints verified.
        public var checkpoints = 0
        /// The first checkpoint that does not verify; the cases are not read then.
        public var checkpointFailure: AuditCheckpointVerifier.Failure?
        /// Chain heads that checkpoints list and the store holds (and so were compared).
        public var headsCompared = 0
    }

    /// A chain head a checkpoint lists, with the checkpoint that lists it.
    public struct CheckpointedHead: Sendable {
        /// The head's sequence number.
        public var seq: Int64
        /// The head's hash.
        public var hash: [UInt8]
        /// `partition/seq` of the checkpoint.
        public var checkpoint: String
    }

    /// The store.
    public var store: any StateStore
    /// History records kept per case (`store.history_per_case`), for the check that no more of
    /// a chain's oldest entries are gone than the bound explains; nil skips it.
    public var keep: Int?

    /// The keys whose checkpoint signatures are trusted; empty: signatures are not checked.
    public var keys: [AuditPublicKey]

    /// Creates an audit of `store`.
    public init(store: any StateStore, keep: Int?, keys: [AuditPublicKey] = []) {
        self.store = store
        self.keep = keep
        self.keys = keys
    }

    /// Verifies the store's checkpoints, partition by partition; returns the heads they list by
    /// case, how many checkpoints verified, and the first failure.
    public func verifyCheckpoints() async throws -> (heads: [String: [CheckpointedHead]], count: Int, failure: AuditCheckpointVerifier.Failure?) {
        let rows = try await store.auditCheckpoints(partition: nil, newestOnly: false)
        var byPartition: [Int32: [(seq: Int64, record: String)]] = [:]
        for row in rows { byPartition[row.partition, default: []].append((row.seq, row.record)) }
        var heads: [String: [CheckpointedHead]] = [:]
        var count = 0
        let verifier = AuditCheckpointVerifier(keys: keys)
        for partition in byPartition.keys.sorted() {
            let (checkpoints, failure) = verifier.verify(partition: partition, records: byPartition[partition] ?? [])
            if let failure { return (heads, count, failure) }
            count += checkpoints.count
            for checkpoint in checkpoints {
                for head in checkpoint.heads {
                    heads[head.caseID, default: []].append(CheckpointedHead(seq: head.seq, hash: head.hash,
                                                                            checkpoint: "\(checkpoint.partition)/\(checkpoint.seq)"))
                }
            }
        }
        return (heads, count, nil)
    }

    /// The first head a checkpoint lists that the case's stored chain contradicts: a case that
    /// is no longer in the store, an entry with another hash, or a chain that ends before the
    /// head. Heads older than the oldest kept record are not compared (trimmed).
    ///
    /// A signed case is never deleted by Liaison: the one deletion it makes is of a case that
    /// never opened (its waiting events expired), and such a case has no chain, so no
    /// checkpoint names it. A signed case that is gone was therefore removed by someone else.
    public static func contradiction(_ audit: CaseAudit, heads: [CheckpointedHead]) -> (ChainBreak?, compared: Int) {
        if !audit.inStore, let newest = heads.max(by: { $0.seq < $1.seq }) {
            let remains = audit.records.isEmpty ? "" : " (\(audit.records.count) history records remain)"
            return (ChainBreak(seq: newest.seq, kind: .missing,
                               detail: "the case is not in the store\(remains), yet checkpoint \(newest.checkpoint) signed its entry \(newest.seq); "
                                   + "Liaison deletes only cases that never opened, which no checkpoint names"), 0)
        }
        let bySeq = Dictionary(audit.records.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
        let oldest = audit.records.first { $0.hash != nil }?.seq ?? 1
        let newest = audit.records.last?.seq ?? 0
        var compared = 0
        for head in heads.sorted(by: { $0.seq < $1.seq }) {
            if let record = bySeq[head.seq] {
                compared += 1
                if record.hash != Hex.encode(head.hash) {
                    return (ChainBreak(seq: head.seq, kind: .edited, detail: "it differs from the head signed in checkpoint \(head.checkpoint)"), compared)
                }
            } else if head.seq > newest {
                return (ChainBreak(seq: newest + 1, kind: .missing,
                                   detail: "checkpoint \(head.checkpoint) signed entry \(head.seq); the stored chain ends at \(newest)"), compared)
            } else if head.seq >= oldest {
                return (ChainBreak(seq: head.seq, kind: .missing, detail: "checkpoint \(head.checkpoint) signed it"), compared)
            }
        }
        return (nil, compared)
    }

    /// More records than any bound keeps, to read a case's whole stored history.
    static let everyRecord = Int(Int32.max)

    /// Verifies one case: its records against their hashes and its state's chain head.
    ///
    /// History and state are two reads, and a running daemon may commit between them; a chain
    /// that does not verify is read again (a batch moves a head once, tampering stays), and only
    /// a break found on every reading is reported.
    public func verify(caseID: String) async throws -> CaseAudit {
        var audit = try await verifyOnce(caseID: caseID)
        for _ in 1..<Self.readings where !audit.verification.isVerified {
            audit = try await verifyOnce(caseID: caseID)
        }
        return audit
    }

    /// How many times a case whose chain does not verify is read.
    static let readings = 3

    private func verifyOnce(caseID: String) async throws -> CaseAudit {
        let records = try await store.caseHistory(id: caseID, limit: Self.everyRecord)
        let verifier: ChainVerifier
        let state = try await store.caseStates(ids: [caseID])[caseID]
        if let bytes = state {
            do {
                verifier = ChainVerifier(caseID: caseID, head: try CaseState(decoding: bytes).chain, keep: keep)
            } catch {
                let broken = ChainVerification(caseID: caseID, legacy: 0, verified: 0,
                                               firstBreak: ChainBreak(seq: 0, kind: .edited, detail: "the case state cannot be read: \(error)"))
                return CaseAudit(records: records, verification: broken)
            }
        } else {
            verifier = ChainVerifier(caseID: caseID, head: nil, keep: keep)
        }
        let verification = verifier.verify(records.map {
            ChainVerifier.Record(seq: $0.seq, at: $0.at, kind: $0.kind.rawValue, entry: $0.entry, prevHash: $0.prevHash, hash: $0.hash)
        })
        return CaseAudit(records: records, verification: verification, inStore: state != nil)
    }

    /// Verifies one case against its own chain, then against the heads checkpoints signed for
    /// it (`signed`, from ``verifyCheckpoints()``); returns the outcome and how many signed heads
    /// were compared.
    public func verify(caseID: String, signed: [CheckpointedHead]) async throws -> (audit: CaseAudit, compared: Int) {
        var audit = try await verify(caseID: caseID)
        guard audit.verification.isVerified, !signed.isEmpty else { return (audit, 0) }
        let (contradiction, compared) = Self.contradiction(audit, heads: signed)
        audit.verification.firstBreak = contradiction
        return (audit, compared)
    }

    /// Verifies the checkpoints, then every case, in case id order, against its own chain and
    /// the heads the checkpoints signed, then that every case a checkpoint signed is still in
    /// the store; stops at the first that does not verify.
    public func verifyAll(pageSize: Int = 500) async throws -> Report {
        var report = Report()
        let (heads, count, failure) = try await verifyCheckpoints()
        report.checkpoints = count
        if let failure {
            report.checkpointFailure = failure
            return report
        }
        var after: String?
        var signedAndFound: Set<String> = []
        repeat {
            let page = try await store.listCases(CaseFilter(), after: after, limit: pageSize)
            for listing in page.cases {
                if heads[listing.id] != nil { signedAndFound.insert(listing.id) }
                let (audit, compared) = try await verify(caseID: listing.id, signed: heads[listing.id] ?? [])
                report.headsCompared += compared
                report.cases += 1
                report.entries += audit.verification.verified
                report.legacy += audit.verification.legacy
                if !audit.verification.isVerified {
                    report.firstFailure = audit.verification
                    return report
                }
            }
            after = page.next
        } while after != nil
        let gone = heads.keys.filter { !signedAndFound.contains($0) }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for caseID in gone {
            let (audit, _) = try await verify(caseID: caseID, signed: heads[caseID] ?? [])
            if !audit.verification.isVerified {
                report.firstFailure = audit.verification
                return report
            }
        }
        return report
    }
}
