@testable import LiaisonCore
import Testing

@Suite("Percent marks measure a share of the span the way the span is measured")
struct PercentMarkTests {
    let calendar: BusinessCalendar

    init() throws {
        calendar = try CalendarFixtures.cnWorkdays()
    }

    @Test func halfOfFourWorkhoursFromElevenIsTwoWorkingHoursLaterPastLunch() throws {
        let mark = calendar.mark(from: try beijing("2026-03-02 11:00"), span: .workhours(4), percent: 50)
        #expect(mark == (try beijing("2026-03-02 14:30")))
    }

    @Test func aHundredPercentOfWorkdaysIsTheDeadline() throws {
        let start = try beijing("2026-03-02 09:30")
        #expect(calendar.mark(from: start, span: .workdays(3), percent: 100)
            == calendar.deadline(from: start, span: .workdays(3)))
    }

    @Test func aHundredAndFiftyPercentOfWorkdaysContinuesInWorkingTimeAfterTheDeadline() throws {
        // Mon 09:30 → Thu 17:30 holds 27.5 working hours; half again is 13.75 more:
        // all of Friday (7 h), then 6.75 h of the next Monday.
        let mark = calendar.mark(from: try beijing("2026-03-02 09:30"), span: .workdays(3), percent: 150)
        #expect(mark == (try beijing("2026-03-09 17:15")))
    }

    @Test func halfOfWorkdaysStartedOnSaturdayCountsFromMonday() throws {
        // Sat → Wed 17:30 holds 21 working hours; 10.5 h is Monday and 3.5 h of Tuesday.
        let mark = calendar.mark(from: try beijing("2026-03-07 10:00"), span: .workdays(3), percent: 50)
        #expect(mark == (try beijing("2026-03-10 14:00")))
    }

    @Test func marksOfElapsedSpansIgnoreWorkingHours() throws {
        let start = try beijing("2026-03-07 23:50")
        #expect(calendar.mark(from: start, span: .elapsed(milliseconds: 1_800_000), percent: 80)
            == start.adding(milliseconds: 1_440_000))
        #expect(calendar.mark(from: start, span: .elapsed(milliseconds: 1_800_000), percent: 150)
            == start.adding(milliseconds: 2_700_000))
    }

    @Test func marksAreOrderedByPercent() throws {
        let start = try beijing("2026-02-12 16:00")
        let percents = [0, 25, 50, 80, 100, 120, 150, 200]
        let marks = percents.map { calendar.mark(from: start, span: .workdays(2), percent: $0) }
        #expect(marks == marks.sorted())
        #expect(marks.first == start)
        #expect(Set(marks).count == percents.count)
    }
}
