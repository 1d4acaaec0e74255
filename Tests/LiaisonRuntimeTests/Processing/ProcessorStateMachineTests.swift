@testable import LiaisonRuntime
import Testing

/// The processing loop's order of work, driven by hand: no Kafka, no store, no clock.
@Suite("The processor settles, reads timers, checkpoints and polls in a safe order")
struct ProcessorStateMachineTests {
    /// Polls wait at most 500 ms, timers fire 1 s after they fall due, batches fire 100 timers.
    func machine() -> ProcessorStateMachine {
        ProcessorStateMachine(batchMaxWait: .milliseconds(500), timerGrace: .seconds(1), batchMaxEvents: 100)
    }

    /// A machine after one turn at time 0 that read `nextTimerDue` for `owned` and started a
    /// batch's commit, which has not settled.
    func batchInFlight(owned: [Int32] = [0, 1], nextTimerDue: Int64? = nil) throws -> ProcessorStateMachine {
        var loop = machine()
        try #require(loop.turnStarts(now: 0) == .poll(timeout: .milliseconds(500)))
        try #require(loop.polled(owned: owned, now: 0, records: 1) == .readNextTimerDue(partitions: owned))
        try #require(loop.nextTimerDueRead(nextTimerDue) == .askCheckpointDue)
        try #require(loop.checkpointDue(false) == .process)
        try #require(loop.processed(scheduled: nil) == .turnEnded)
        try #require(loop.batchInFlight)
        return loop
    }

    @Test("a revocation settles the batch in flight before its partitions are released")
    func revocationSettlesFirst() throws {
        var loop = try batchInFlight()
        _ = loop.turnStarts(now: 100)
        try #require(loop.revoked([1]) == .settle)
        #expect(loop.settled() == .releasePartitions([1]))
        #expect(loop.revoked([0]) == .releasePartitions([0]), "nothing is in flight any more")
    }

    @Test("due timers are read only after the batch in flight settles")
    func timersAfterSettle() throws {
        var loop = try batchInFlight(nextTimerDue: 5_000)
        _ = loop.turnStarts(now: 10_000)
        try #require(loop.polled(owned: [0, 1], now: 10_000, records: 0) == .settle)
        #expect(loop.settled() == .readDueTimers(partitions: [0, 1], dueBy: 9_000, limit: 100))
        #expect(loop.dueTimersRead(count: 3) == .askCheckpointDue)
        #expect(loop.checkpointDue(false) == .process, "the timers are applied")
    }

    @Test("a timer within its grace is not read yet")
    func timersWaitForTheirGrace() throws {
        var loop = try batchInFlight(nextTimerDue: 9_500)
        _ = loop.turnStarts(now: 10_000)
        #expect(loop.polled(owned: [0, 1], now: 10_000, records: 2) == .askCheckpointDue)
        #expect(loop.checkpointDue(false) == .process)
    }

    @Test("a read that finds no due timer looks up the next one and fires nothing")
    func emptyTimerReadRereadsTheNextDue() throws {
        var loop = machine()
        _ = loop.turnStarts(now: 0)
        _ = loop.polled(owned: [0], now: 0, records: 0)
        #expect(loop.nextTimerDueRead(4_000) == .askCheckpointDue)
        #expect(loop.checkpointDue(false) == .turnEnded)
        _ = loop.turnStarts(now: 6_000)
        #expect(loop.polled(owned: [0], now: 6_000, records: 0) == .readDueTimers(partitions: [0], dueBy: 5_000, limit: 100))
        #expect(loop.dueTimersRead(count: 0) == .readNextTimerDue(partitions: [0]))
        #expect(loop.nextTimerDueRead(60_000) == .askCheckpointDue)
        #expect(loop.checkpointDue(false) == .turnEnded)
        #expect(loop.nextTimerDue == 60_000)
    }

    @Test("a poll with nothing new settles the batch in flight")
    func emptyTurnSettles() throws {
        var loop = try batchInFlight()
        _ = loop.turnStarts(now: 100)
        #expect(loop.polled(owned: [0, 1], now: 100, records: 0) == .askCheckpointDue)
        try #require(loop.checkpointDue(false) == .settle)
        #expect(loop.settled() == .turnEnded)
        #expect(!loop.batchInFlight)
    }

    @Test("a changed partition set settles the batch in flight, then re-reads the next timer")
    func changedPartitionsRereadTheNextTimer() throws {
        var loop = try batchInFlight(owned: [0, 1], nextTimerDue: 50_000)
        _ = loop.turnStarts(now: 100)
        try #require(loop.polled(owned: [0], now: 100, records: 1) == .settle)
        #expect(loop.settled() == .readNextTimerDue(partitions: [0]))
        #expect(loop.nextTimerDueRead(nil) == .askCheckpointDue)
        #expect(loop.nextTimerDue == nil, "the read replaces what was known of the old set")
        #expect(loop.knownPartitions == [0])
    }

    @Test("the poll waits the batch wait, cut to when the next timer fires")
    func pollTimeoutFollowsTheNextTimer() throws {
        var loop = machine()
        #expect(loop.turnStarts(now: 0) == .poll(timeout: .milliseconds(500)), "no timer known")
        _ = loop.polled(owned: [0], now: 0, records: 0)
        _ = loop.nextTimerDueRead(10_000)
        _ = loop.checkpointDue(false)
        #expect(loop.turnStarts(now: 10_800) == .poll(timeout: .milliseconds(200)), "fires at 11_000")
        _ = loop.polled(owned: [0], now: 10_800, records: 0)
        _ = loop.checkpointDue(false)
        #expect(loop.turnStarts(now: 9_000) == .poll(timeout: .milliseconds(500)), "fires later than the batch wait")
        _ = loop.polled(owned: [0], now: 9_000, records: 0)
        _ = loop.checkpointDue(false)
        #expect(loop.turnStarts(now: 12_000) == .poll(timeout: .zero), "already late")
    }

    @Test("the next timer due is the earlier of the known one and the one a batch schedules")
    func scheduledTimersOnlyBringTheNextDueForward() throws {
        var loop = try batchInFlight(nextTimerDue: 20_000)
        for (scheduled, expected) in [(Int64?.some(15_000), Int64(15_000)), (30_000, 15_000), (nil, 15_000)] {
            _ = loop.turnStarts(now: 100)
            _ = loop.polled(owned: [0, 1], now: 100, records: 1)
            _ = loop.checkpointDue(false)
            #expect(loop.processed(scheduled: scheduled) == .turnEnded)
            #expect(loop.nextTimerDue == expected)
        }
        var fresh = try batchInFlight(nextTimerDue: nil)
        _ = fresh.turnStarts(now: 100)
        _ = fresh.polled(owned: [0, 1], now: 100, records: 1)
        _ = fresh.checkpointDue(false)
        _ = fresh.processed(scheduled: 40_000)
        #expect(fresh.nextTimerDue == 40_000, "none was known")
    }

    @Test("a checkpoint waits for the batch in flight, and the turn's batch follows it")
    func checkpointAfterSettle() throws {
        var loop = try batchInFlight()
        _ = loop.turnStarts(now: 100)
        #expect(loop.polled(owned: [0, 1], now: 100, records: 2) == .askCheckpointDue)
        try #require(loop.checkpointDue(true) == .settle)
        #expect(loop.settled() == .checkpoint)
        #expect(loop.checkpointed() == .process)
    }

    @Test("shutdown settles the batch in flight, then finishes")
    func shutdownSettlesThenFinishes() throws {
        var loop = try batchInFlight()
        try #require(loop.stop() == .settle)
        #expect(loop.settled() == .finish)
        var idle = machine()
        #expect(idle.stop() == .finish, "nothing to settle")
    }
}
