import Foundation
import LiaisonCore
@testable import LiaisonRuntime
@testable import LiaisonStore
import Logging
import Testing

/// `liaison audit verify --store` against cases that leave the store: the one deletion Liaison
/// makes (an inbox that expired before its case opened) never touches a signed case, and a
/// signed case that is gone is named as missing (AUDIT.md, "Deleted cases").
@Suite("Verifying a store names a case a checkpoint signed that is no longer in it")
struct StoreAuditDeletionTests {
    let folder: TemporaryFolder
    let store: SQLiteStore
    let fixture: BatchBuilderTests
    let key = AuditSigningKey.generate()
    let lease: PartitionLease

    init() throws {
        folder = try TemporaryFolder("audit-deleted")
        store = try SQLiteStore(path: folder.file("liaison.sqlite"), logger: Logger(label: "test"))
        fixture = try BatchBuilderTests()
        lease = try #require(try store.acquire(partitions: [3], owner: "test").first)
    }

    /// Opens `OPEN-1`, parks an event for `WAITING-1` (a case that never opens), signs a
    /// checkpoint, then lets the waiting event expire: the daemon's own deletion.
    func commitSignExpire() async throws {
        var builder = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: [:])
        builder.apply(fixture.record("gov.case.opened", caseID: "OPEN-1", id: "o-1", unit: "service-window", offset: 1,
                             data: #"{"matter":"w","title":"t"}"#), now: fixture.t0)
        builder.apply(fixture.record("gov.task.accepted", caseID: "WAITING-1", id: "early-1", unit: "alpha", offset: 2), now: fixture.t0)
        try await store.commit(builder.finish(leases: [lease]))

        var checkpointer = Checkpointer(store: store, topic: "liaison.audit", key: key, interval: .seconds(60),
                                        logger: Logger(label: "test"), metrics: RuntimeMetrics())
        #expect(await checkpointer.checkpoint([lease], now: fixture.t0))
        let signed = try #require(try await store.auditCheckpoints(partition: 3, newestOnly: true).first)
        #expect(signed.record.contains("\"OPEN-1\""))
        #expect(!signed.record.contains("WAITING-1"), "a case that never opened has no chain, so no checkpoint names it")

        let timer = try #require(try await store.dueTimers(partitions: [3], dueBy: .max, limit: 10).first { $0.caseID == "WAITING-1" })
        let waiting = try CaseState(decoding: try #require(try await store.caseStates(ids: ["WAITING-1"])["WAITING-1"]))
        var expiry = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: ["WAITING-1": waiting])
        expiry.fire(timer, dueBy: timer.due, now: Timestamp(milliseconds: timer.due))
        try await store.commit(expiry.finish(leases: [lease]))
        #expect(try await store.caseStates(ids: ["WAITING-1"]).isEmpty, "the expired inbox left no row")
    }

    @Test func anExpiredInboxVerifiesAndASignedCaseDeletedWithSQLIsNamedMissing() async throws {
        defer { folder.cleanUp() }
        try await commitSignExpire()
        let audit = StoreAudit(store: store, keep: nil, keys: [key.publicKey])
        let clean = try await audit.verifyAll()
        #expect(clean.firstFailure == nil, "\(String(describing: clean.firstFailure))")
        #expect(clean.checkpoints == 1 && clean.headsCompared == 1)

        // An insider removes a signed case, its state and its whole history.
        try store.locked { connection throws(StoreError) in
            try connection.run("DELETE FROM cases WHERE case_id = 'OPEN-1'")
            try connection.run("DELETE FROM case_history WHERE case_id = 'OPEN-1'")
            try connection.run("DELETE FROM timers WHERE case_id = 'OPEN-1'")
        }
        let report = try await audit.verifyAll()
        let failure = try #require(report.firstFailure, "a signed case that is gone must not verify")
        #expect(failure.caseID == "OPEN-1")
        #expect(failure.firstBreak?.kind == .missing)
        #expect(failure.firstBreak?.detail.contains("not in the store") == true, "\(failure)")
        #expect(failure.firstBreak?.detail.contains("checkpoint 3/1") == true, "\(failure)")

        // `--case` names it the same way.
        let heads = try await audit.verifyCheckpoints().heads
        let one = try await audit.verify(caseID: "OPEN-1", signed: heads["OPEN-1"] ?? []).audit
        #expect(one.verification.firstBreak?.kind == .missing)
        #expect(one.verification.firstBreak?.detail.contains("not in the store") == true, "\(one.verification)")
        #expect(heads["WAITING-1"] == nil, "no checkpoint ever named the expired inbox")
    }
}
