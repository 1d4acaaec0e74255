@testable import LiaisonCore
import Testing

@Suite("Workday deadlines follow the statutory rule")
struct WorkdayDeadlineTests {
    let calendar: BusinessCalendar

    init() throws {
        calendar = try CalendarFixtures.cnWorkdays()
    }

    @Test func mondayMorningPlusThreeWorkdaysEndsThursdayAtCloseOfBusiness() throws {
        let deadline = calendar.deadline(from: try beijing("2026-03-02 09:30"), span: .workdays(3))
        #expect(deadline == (try beijing("2026-03-05 17:30")))
        #expect(calendar.localDescription(of: deadline) == "2026-03-05 17:30 Thu")
    }

    @Test func theStartDayDoesNotCountEvenBeforeOpening() throws {
        let deadline = calendar.deadline(from: try beijing("2026-03-02 08:00"), span: .workdays(1))
        #expect(deadline == (try beijing("2026-03-03 17:30")))
    }

    @Test func aClockStartedOnSaturdayCountsFromMonday() throws {
        let deadline = calendar.deadline(from: try beijing("2026-03-07 11:00"), span: .workdays(1))
        #expect(deadline == (try beijing("2026-03-09 17:30")))
    }

    @Test func holidaysAreSkipped() throws {
        // Fri 04-03 counts; Qingming 04-04..04-06 does not; Tue 04-07 is the second day.
        let deadline = calendar.deadline(from: try beijing("2026-04-02 15:00"), span: .workdays(2))
        #expect(deadline == (try beijing("2026-04-07 17:30")))
    }

    @Test func anAdjustedWeekendWorkdayCounts() throws {
        let friday = try beijing("2026-02-13 10:00")
        #expect(calendar.deadline(from: friday, span: .workdays(1)) == (try beijing("2026-02-14 17:30")))
        // After Sat 02-14 comes the Spring Festival (02-15..02-23); Tue 02-24 is next.
        #expect(calendar.deadline(from: friday, span: .workdays(2)) == (try beijing("2026-02-24 17:30")))
    }

    @Test func aLateEveningStartStillCountsFromTheNextDay() throws {
        let deadline = calendar.deadline(from: try beijing("2026-03-02 23:59"), span: .workdays(1))
        #expect(deadline == (try beijing("2026-03-03 17:30")))
    }

    @Test func thirtyWorkdaysCrossWeekendsAndHolidays() throws {
        // From Mon 04-20: 8 days in April, Labour Day 05-01..05-05 off, Sat 05-09 worked,
        // 05-06..05-29 make 27, then Jun 1, 2, 3.
        let deadline = calendar.deadline(from: try beijing("2026-04-20 10:00"), span: .workdays(30))
        #expect(calendar.localDescription(of: deadline) == "2026-06-03 17:30 Wed")
    }

    @Test func anAbsurdCountIsClampedInsteadOfWalkingForever() throws {
        let start = try beijing("2026-03-02 09:30")
        let limit = DeadlineSpan.maximumWorkUnits
        #expect(calendar.deadline(from: start, span: .workdays(.max))
            == calendar.deadline(from: start, span: .workdays(limit)))
        #expect(calendar.mark(from: start, span: .workhours(.max), percent: 150)
            == calendar.mark(from: start, span: .workhours(limit), percent: 150))
        let minute = DeadlineSpan.elapsed(milliseconds: 60_000)
        #expect(calendar.mark(from: start, span: minute, percent: .max)
            == calendar.mark(from: start, span: minute, percent: 1_000))
    }
}
