import Testing
@testable import LiaisonCore

@Suite("The simulation's timer queue and clock")
struct TimerQueueTests {
    func entry(_ id: String, _ minute: Int) -> TimerEntry { TimerEntry(id: id, caseID: "C", due: EngineFixtures.minutes(minute)) }

    @Test func timersFireInDueThenIdOrder() {
        var queue = TimerQueue()
        for (id, minute) in [("b", 5), ("a", 5), ("c", 1), ("d", 9)] { queue.schedule(entry(id, minute)) }
        var fired: [String] = []
        while let next = queue.pop(dueBy: EngineFixtures.minutes(6)) { fired.append(next.id) }
        #expect(fired == ["c", "a", "b"])
        #expect(queue.count == 1)
    }

    @Test func aReplacedTimerFiresOnceAtItsNewTimeAndACancelledOneNever() {
        var queue = TimerQueue()
        queue.schedule(entry("x", 1))
        queue.schedule(entry("y", 2))
        queue.schedule(entry("x", 3))
        queue.cancel("y")
        var fired: [TimerEntry] = []
        while let next = queue.pop(dueBy: EngineFixtures.minutes(10)) { fired.append(next) }
        #expect(fired == [entry("x", 3)])
    }

    @Test func untilStopsTheClockWithLaterTimersStillPending() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.simulation.advance(to: EngineFixtures.minutes(45))
        #expect(driver.outputs("liaison.task.reminder").count == 1)
        #expect(driver.simulation.clock == EngineFixtures.minutes(45))
        #expect(driver.simulation.timers.count > 0)
    }

    @Test func aMalformedLineIsReportedWithItsNumberAndTheRunGoesOn() throws {
        var driver = try CaseDriver()
        driver.simulation.noteMalformed(line: 7, error: EventError(.notJSON, "bad"))
        driver.open(at: 1)
        #expect(driver.entries(.malformed).first?.detail == "line 7: not-json: bad")
        #expect(driver.state?.status == .open)
    }
}
