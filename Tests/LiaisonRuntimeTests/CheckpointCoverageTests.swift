import Foundation
import LiaisonCore
@testable import LiaisonRuntime
@testable import LiaisonStore
import Logging
import Testing

/// A partition changes hands between instances whose clocks disagree: every case written by
/// the new owner is still signed by a checkpoint (AUDIT.md §2, "Coverage and clocks").
@Suite("Checkpoints cover every written case whatever the clocks of the partition's owners")
struct CheckpointCoverageTests {
    let folder: TemporaryFolder
    let store: SQLiteStore
    let fixture: BatchBuilderTests
    let key = AuditSigningKey.generate()

    init() throws {
        folder = try TemporaryFolder("checkpoint-skew")
        store = try SQLiteStore(path: folder.file("liaison.sqlite"), logger: Logger(label: "test"))
        fixture = try BatchBuilderTests()
    }

    /// The checkpointer of an instance whose clock is `skew` ms ahead.
    func checkpointer(skew: Int64 = 0) -> Checkpointer {
        checkpointer(started: Timestamp.now().adding(milliseconds: skew))
    }

    /// The checkpointer of an instance that started at `started` by its own clock.
    func checkpointer(started: Timestamp) -> Checkpointer {
        Checkpointer(store: store, topic: "liaison.audit", key: key, interval: .seconds(3_600),
                     logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), metrics: RuntimeMetrics(), started: started)
    }

    /// The newest head each checkpoint of partition 3 signed for `C-1`.
    func signedHeads() async throws -> [Int64] {
        try await store.auditCheckpoints(partition: 3, newestOnly: false).compactMap { row in
            JSONValue.parseCheckpoint(row.record)?.heads.first { $0.caseID == "C-1" }?.seq
        }
    }

    @Test func aCaseWrittenByANewOwnerWhoseClockIsBehindThePreviousOneIsSigned() async throws {
        defer { folder.cleanUp() }
        // Instance A, whose clock runs a minute ahead, opens C-1 and checkpoints it. (The store
        // stamps `updated` with this process's clock: A's stamp is moved to A's time.)
        let skew: Int64 = 60_000
        var a = checkpointer(skew: skew)
        let leaseA = try #require(try await store.acquire(partitions: [3], owner: "a").first)
        _ = await a.checkpointIfDue([leaseA], now: Timestamp.now().adding(milliseconds: skew))
        var opening = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: [:])
        opening.apply(fixture.record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#), now: fixture.t0)
        try await store.commit(opening.finish(leases: [leaseA]))
        try store.locked { connection throws(StoreError) in try connection.run("UPDATE cases SET updated = updated + ?", [.integer(skew)]) }
        #expect(await a.checkpoint([leaseA], now: Timestamp.now().adding(milliseconds: skew)))
        let opened = try #require(try await signedHeads().last)

        // Instance B, with the right time, starts, takes the partition and completes C-1 before
        // its checkpointer looks at its leases (the processor asks it when the interval has
        // passed), then stops.
        var b = checkpointer()
        let leaseB = try #require(try await store.acquire(partitions: [3], owner: "b").first)
        let before = try #require(try await store.caseStates(ids: ["C-1"])["C-1"])
        let state = try CaseState(decoding: before)
        var completing = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: ["C-1": state])
        completing.apply(fixture.record("gov.task.completed", id: "a-1", unit: "alpha", offset: 2, data: #"{"outcome":"approved"}"#), now: fixture.t0)
        try await store.commit(completing.finish(leases: [leaseB]))
        _ = await b.checkpoint([leaseB], now: Timestamp.now())

        let stored = try #require(try await store.caseStates(ids: ["C-1"])["C-1"])
        let completed = try #require(try CaseState(decoding: stored).chain)
        #expect(completed.seq > opened)
        let signed = try await signedHeads()
        #expect(signed.last == completed.seq, "B's change to C-1 is in a checkpoint: \(signed)")
        let report = try await StoreAudit(store: store, keep: nil, keys: [key.publicKey]).verifyAll()
        #expect(report.firstFailure == nil && report.checkpointFailure == nil)
    }

    @Test func anOwnerWhoseOnlyCheckpointListedNothingIsStillTheStartOfTheNextOwnersLook() async throws {
        defer { folder.cleanUp() }
        // Times in ms after `base` by the clocks of A and C (which agree) and of B (15 s behind).
        let base = Timestamp.now().milliseconds
        func at(_ seconds: Int64) -> Timestamp { Timestamp(milliseconds: base + seconds * 1_000) }
        func stamp(_ seconds: Int64) throws {
            try store.locked { connection throws(StoreError) in
                try connection.run("UPDATE cases SET updated = ? WHERE case_id = 'C-1'", [.integer(base + seconds * 1_000)])
            }
        }
        // A opens C-1 at 30 and checkpoints it at 60.
        var a = checkpointer(started: at(0))
        let leaseA = try #require(try await store.acquire(partitions: [3], owner: "a").first)
        var opening = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: [:])
        opening.apply(fixture.record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#), now: fixture.t0)
        try await store.commit(opening.finish(leases: [leaseA]))
        try stamp(30)
        #expect(await a.checkpoint([leaseA], now: at(60)))

        // B starts at 40 by its clock, takes the partition, and at its first checkpoint time
        // (45) nothing changed since A's checkpoint; then it completes C-1 (46) and loses the
        // partition in a rebalance before its next checkpoint time.
        var b = checkpointer(started: at(40))
        let leaseB = try #require(try await store.acquire(partitions: [3], owner: "b").first)
        _ = await b.checkpointIfDue([leaseB], now: at(45))
        let before = try #require(try await store.caseStates(ids: ["C-1"])["C-1"])
        var completing = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: ["C-1": try CaseState(decoding: before)])
        completing.apply(fixture.record("gov.task.completed", id: "a-1", unit: "alpha", offset: 2, data: #"{"outcome":"approved"}"#), now: fixture.t0)
        try await store.commit(completing.finish(leases: [leaseB]))
        try stamp(46)

        // C starts at 60 by its clock, takes the partition over and checkpoints at 61.
        var c = checkpointer(started: at(60))
        let leaseC = try #require(try await store.acquire(partitions: [3], owner: "c").first)
        _ = await c.checkpoint([leaseC], now: at(61))

        let stored = try #require(try await store.caseStates(ids: ["C-1"])["C-1"])
        let completed = try #require(try CaseState(decoding: stored).chain)
        let signed = try await signedHeads()
        #expect(signed.last == completed.seq, "B's change to C-1 is in C's checkpoint: \(signed)")
    }
}
