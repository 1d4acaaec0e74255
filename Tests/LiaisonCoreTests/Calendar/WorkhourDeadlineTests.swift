@testable import LiaisonCore
import Testing

@Suite("Workhour deadlines count only working time")
struct WorkhourDeadlineTests {
    let calendar: BusinessCalendar

    init() throws {
        calendar = try CalendarFixtures.cnWorkdays()
    }

    @Test func fourWorkhoursFromOpeningSkipTheLunchBreak() throws {
        let deadline = calendar.deadline(from: try beijing("2026-03-02 09:00"), span: .workhours(4))
        #expect(deadline == (try beijing("2026-03-02 14:30")))
    }

    @Test func usingUpTheMorningEndsAtNoonNotAfterLunch() throws {
        let deadline = calendar.deadline(from: try beijing("2026-03-02 09:00"), span: .workhours(3))
        #expect(deadline == (try beijing("2026-03-02 12:00")))
    }

    @Test func aClockStartedFridayEveningStartsAtTheNextWorkingPeriod() throws {
        let deadline = calendar.deadline(from: try beijing("2026-03-06 20:00"), span: .workhours(4))
        #expect(deadline == (try beijing("2026-03-09 14:30")))
    }

    @Test func aClockStartedDuringLunchStartsAfterIt() throws {
        let deadline = calendar.deadline(from: try beijing("2026-03-02 12:30"), span: .workhours(1))
        #expect(deadline == (try beijing("2026-03-02 14:30")))
    }

    @Test func nightsAreSkipped() throws {
        let deadline = calendar.deadline(from: try beijing("2026-03-02 16:30"), span: .workhours(2))
        #expect(deadline == (try beijing("2026-03-03 10:00")))
    }

    @Test func anAdjustedSaturdayIsWorked() throws {
        let deadline = calendar.deadline(from: try beijing("2026-02-13 16:30"), span: .workhours(3))
        #expect(deadline == (try beijing("2026-02-14 11:00")))
    }

    @Test func holidaysAreSkipped() throws {
        let deadline = calendar.deadline(from: try beijing("2026-04-30 17:00"), span: .workhours(1))
        #expect(deadline == (try beijing("2026-05-06 09:30")))
    }

    @Test func workingTimeBetweenTwoInstantsMatchesTheTimeAdded() throws {
        let start = try beijing("2026-02-12 10:15")
        for hours in [1, 5, 7, 13, 40, 210] {
            let end = calendar.addingWorkingTime(Int64(hours) * 3_600_000, to: start)
            #expect(calendar.workingMilliseconds(from: start, to: end) == Int64(hours) * 3_600_000)
            #expect(calendar.workingMilliseconds(from: end, to: start) == -Int64(hours) * 3_600_000)
        }
    }

    @Test func aWeekendHoldsNoWorkingTime() throws {
        let saturday = try beijing("2026-03-07 00:00")
        let monday = try beijing("2026-03-09 09:00")
        #expect(calendar.workingMilliseconds(from: saturday, to: monday) == 0)
    }
}
