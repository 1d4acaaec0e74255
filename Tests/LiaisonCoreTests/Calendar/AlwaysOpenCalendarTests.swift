@testable import LiaisonCore
import Testing

@Suite("Without a calendar every span is elapsed time")
struct AlwaysOpenCalendarTests {
    let calendar = BusinessCalendar.alwaysOpen
    let saturdayNight = Timestamp(rfc3339: "2026-03-07T22:15:00Z")!

    @Test func workhoursAreWallClockHours() {
        #expect(calendar.deadline(from: saturdayNight, span: .workhours(4))
            == saturdayNight.adding(milliseconds: 4 * 3_600_000))
    }

    @Test func workdaysAreWholeDaysAfterTheStart() {
        #expect(calendar.deadline(from: saturdayNight, span: .workdays(2))
            == saturdayNight.adding(milliseconds: 48 * 3_600_000))
    }

    @Test func marksAreShareOfTheElapsedSpan() {
        #expect(calendar.mark(from: saturdayNight, span: .workdays(2), percent: 150)
            == saturdayNight.adding(milliseconds: 72 * 3_600_000))
        #expect(calendar.mark(from: saturdayNight, span: .elapsed(milliseconds: 600_000), percent: 50)
            == saturdayNight.adding(milliseconds: 300_000))
    }

    @Test func pausesExtendByTheirElapsedLength() {
        let paused = saturdayNight.adding(milliseconds: 1_000)
        let resumed = paused.adding(milliseconds: 5 * 3_600_000)
        #expect(calendar.extend(saturdayNight, span: .workhours(3), pausedAt: paused, resumedAt: resumed)
            == saturdayNight.adding(milliseconds: 5 * 3_600_000))
        #expect(calendar.workingMilliseconds(from: paused, to: resumed) == 5 * 3_600_000)
    }

    @Test func itSpeaksUTC() {
        #expect(calendar.timeZoneIdentifier == "UTC")
        #expect(calendar.localDescription(of: saturdayNight) == "2026-03-07 22:15 Sat")
    }

    @Test func elapsedSpansIgnoreAnyCalendar() throws {
        let office = try CalendarFixtures.cnWorkdays()
        let span = DeadlineSpan.elapsed(milliseconds: 7_200_000)
        #expect(office.deadline(from: saturdayNight, span: span) == calendar.deadline(from: saturdayNight, span: span))
    }
}
