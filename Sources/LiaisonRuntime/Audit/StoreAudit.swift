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
    }

    /// The store.
    public var store: any StateStore
    /// History records kept per case (`store.history_per_case`), for the check that no more of
    /// a chain's oldest entries are gone than the bound explains; nil skips it.
    public var keep: Int?

    /// Creates an audit of `store`.
    public init(store: any StateStore, keep: Int?) {
        self.store = store
        self.keep = keep
    }

    /// More records than any bound keeps, to read a case's whole stored history.
    static let everyRecord = Int(Int32.max)

    /// Verifies one case: its records against their hashes and its state's chain head.
    public func verify(caseID: String) async throws -> CaseAudit {
        let records = try await store.caseHistory(id: caseID, limit: Self.everyRecord)
        let verifier: ChainVerifier
        if let bytes = try await store.caseStates(ids: [caseID])[caseID] {
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
        return CaseAudit(records: records, verification: verification)
    }

    /// Verifies every case, in case id order, stopping at the first that does not verify.
    public func verifyAll(pageSize: Int = 500) async throws -> Report {
        var report = Report()
        var after: String?
        repeat {
            let page = try await store.listCases(CaseFilter(), after: after, limit: pageSize)
            for listing in page.cases {
                let audit = try await verify(caseID: listing.id)
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
        return report
    }
}
