@testable import LiaisonCore
import Testing

@Suite("A pause pushes deadlines back by the time it took, measured as the span is")
struct PauseExtensionTests {
    let calendar: BusinessCalendar

    init() throws {
        calendar = try CalendarFixtures.cnWorkdays()
    }

    @Test func aTwoHourPauseInWorkingTimeMovesAWorkhoursDeadlineByTwoWorkingHours() throws {
        let extended = calendar.extend(
            try beijing("2026-03-03 11:00"), span: .workhours(8),
            pausedAt: try beijing("2026-03-02 14:00"), resumedAt: try beijing("2026-03-02 16:00"))
        #expect(extended == (try beijing("2026-03-03 14:30")))
    }

    @Test func aPauseOverAWeekendCountsOnlyTheWorkingTimeInsideIt() throws {
        // Fri 17:00-17:30 and Mon 09:00-10:00: 1.5 working hours.
        let extended = calendar.extend(
            try beijing("2026-03-10 10:00"), span: .workhours(12),
            pausedAt: try beijing("2026-03-06 17:00"), resumedAt: try beijing("2026-03-09 10:00"))
        #expect(extended == (try beijing("2026-03-10 11:30")))
    }

    @Test func aWorkdaysDeadlineAtCloseMovesIntoTheNextWorkingDay() throws {
        let extended = calendar.extend(
            try beijing("2026-03-05 17:30"), span: .workdays(3),
            pausedAt: try beijing("2026-03-03 09:00"), resumedAt: try beijing("2026-03-03 11:00"))
        #expect(extended == (try beijing("2026-03-06 11:00")))
    }

    @Test func aPauseOutsideWorkingTimeMovesNothing() throws {
        let deadline = try beijing("2026-03-10 10:00")
        let extended = calendar.extend(
            deadline, span: .workhours(4),
            pausedAt: try beijing("2026-03-07 09:00"), resumedAt: try beijing("2026-03-08 18:00"))
        #expect(extended == deadline)
    }

    @Test func anElapsedDeadlineMovesByTheElapsedPauseEvenAtNight() throws {
        let deadline = try beijing("2026-03-07 02:00")
        let extended = calendar.extend(
            deadline, span: .elapsed(milliseconds: 14_400_000),
            pausedAt: try beijing("2026-03-06 22:00"), resumedAt: try beijing("2026-03-07 01:00"))
        #expect(extended == (try beijing("2026-03-07 05:00")))
    }

    @Test func aResumeBeforeThePauseChangesNothing() throws {
        let deadline = try beijing("2026-03-10 10:00")
        let extended = calendar.extend(
            deadline, span: .workhours(4),
            pausedAt: try beijing("2026-03-09 11:00"), resumedAt: try beijing("2026-03-09 10:00"))
        #expect(extended == deadline)
    }
}
