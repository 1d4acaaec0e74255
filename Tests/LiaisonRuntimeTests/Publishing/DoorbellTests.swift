import Testing
@testable import LiaisonRuntime

/// The doorbell between the commits and the publisher: rings coalesce, none is lost, and
/// closing or cancelling ends the wait.
@Suite("The publisher's doorbell")
struct DoorbellTests {
    @Test func ringsWhileNobodyWaitsCountAsOneAndNoneIsLost() async {
        let doorbell = Doorbell()
        doorbell.ring()
        doorbell.ring()
        #expect(await doorbell.wait())
        #expect(!doorbell.take(), "two rings while nobody waited were one")
        let waiting = Task { await doorbell.wait() }
        doorbell.ring()
        #expect(await waiting.value, "a ring reaches a waiter")
    }

    @Test func closingEndsTheWaitAfterTheLastRing() async {
        let doorbell = Doorbell()
        doorbell.ring()
        doorbell.close()
        #expect(await doorbell.wait(), "the ring before closing is still taken")
        #expect(!(await doorbell.wait()))
        let waiting = Task { await doorbell.wait() }
        #expect(!(await waiting.value))
    }

    @Test func cancellingTheWaiterEndsItsWait() async {
        let doorbell = Doorbell()
        let waiting = Task { await doorbell.wait() }
        waiting.cancel()
        #expect(!(await waiting.value))
        doorbell.ring()
        #expect(doorbell.take(), "a ring after the cancelled wait stays for the next one")
    }

    @Test func aRingWakesTheDrainAndStaysToBeTaken() async {
        let doorbell = Doorbell()
        let early = Wakeup()
        doorbell.ring()
        // Pending before the drain waits: it wakes at once.
        await doorbell.wakes(early) { await early.wait() }
        #expect(doorbell.take())

        let later = Wakeup()
        async let woken: Void = doorbell.wakes(later) { await later.wait() }
        try? await Task.sleep(for: .milliseconds(50))
        doorbell.ring()
        await woken
        #expect(doorbell.take())
        #expect(!doorbell.take())
    }
}
