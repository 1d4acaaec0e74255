import Testing
@testable import LiaisonRuntime

@Suite("Warnings about deadlines past a calendar's years")
struct CalendarCoverageWarningTests {
    @Test func eachCalendarIsWarnedAboutOnceAndEveryTaskCounted() {
        let metrics = RuntimeMetrics()
        #expect(metrics.calendarUncovered([]) == [])
        #expect(metrics.calendarUncovered(["cn-workdays", "cn-workdays"]) == ["cn-workdays"])
        #expect(metrics.calendarUncovered(["cn-workdays", "hk-workdays"]) == ["hk-workdays"])
        #expect(metrics.snapshot().calendarUncovered == ["cn-workdays": 3, "hk-workdays": 1])
    }
}
