@testable import LiaisonCore
import Testing

/// Issue 9, item 10: a pause from year 1 to now used to walk every day between, some four
/// seconds per event, so nine such events stalled every case. Walking day by day, this suite
/// takes many minutes; the time limit fails it long before.
@Suite("Working time over two thousand years costs about what a week costs")
struct LongSpanTests {
    static let calendars: [String] = ["cn-workdays", "berlin-office"]

    /// The most working time `addingWorkingTime` adds: 100 000 days of 24 working hours.
    static let cap = Int64(DeadlineSpan.maximumWorkUnits) * 10 * 86_400_000

    static func calendar(_ name: String) throws -> BusinessCalendar {
        name == "cn-workdays" ? try CalendarFixtures.cnWorkdays() : try CalendarFixtures.berlin()
    }

    @Test(.timeLimit(.minutes(1)), arguments: calendars)
    func twoHundredSpansFromYearOneToNowAddUp(_ name: String) throws {
        let calendar = try Self.calendar(name)
        var random = SeededGenerator(seed: 0x1EA5_E001)
        let yearOne = try instant("0001-01-01T00:00:00Z").milliseconds
        let now = try instant("2026-01-01T00:00:00Z").milliseconds
        let year: Int64 = 365 * 86_400_000
        for _ in 0..<200 {
            let start = Timestamp(milliseconds: Int64.random(in: yearOne..<(yearOne + year), using: &random))
            let middle = Timestamp(milliseconds: Int64.random(in: (yearOne + year)..<now, using: &random))
            let end = Timestamp(milliseconds: Int64.random(in: now..<(now + year), using: &random))
            let whole = calendar.workingMilliseconds(from: start, to: end)
            // Two parts hold what the whole holds, and the whole is about 2 025 years of weeks.
            #expect(whole == calendar.workingMilliseconds(from: start, to: middle)
                + calendar.workingMilliseconds(from: middle, to: end))
            #expect(whole > 2_000 * 50 * 5 * calendar.dailyWorkingMilliseconds)
            #expect(whole < 2_030 * 53 * 5 * calendar.dailyWorkingMilliseconds)
            // Adding half of it to the start lands where that much working time has passed
            // (the whole is more than `addingWorkingTime` adds).
            let halfway = calendar.addingWorkingTime(whole / 2, to: start)
            #expect(halfway < end)
            #expect(calendar.workingMilliseconds(from: start, to: halfway) == whole / 2)
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: calendars)
    func twoThousandYearsOfWorkingTimeStopAtTheLongestWalk(_ name: String) throws {
        let calendar = try Self.calendar(name)
        let start = try instant("2026-03-02T01:30:00Z")
        let twoThousandYears = 2_000 * 365 * 86_400_000 as Int64
        let end = calendar.addingWorkingTime(twoThousandYears, to: start)
        #expect(calendar.workingMilliseconds(from: start, to: end) == Self.cap)
        #expect(calendar.addingWorkingTime(Self.cap + 1, to: start) == end)
    }

    @Test(.timeLimit(.minutes(1)), arguments: calendars)
    func pausesFromYearOneMoveEveryKindOfDeadline(_ name: String) throws {
        let calendar = try Self.calendar(name)
        let pausedAt = try instant("0001-06-01T08:00:00Z")
        let start = try instant("2026-03-02T01:30:00Z")
        let paused = calendar.workingMilliseconds(from: pausedAt, to: start)
        for _ in 0..<9 {
            for span in [DeadlineSpan.workhours(4), .workdays(3), .workdays(DeadlineSpan.maximumWorkUnits)] {
                let deadline = calendar.deadline(from: start, span: span)
                let extended = calendar.extend(deadline, span: span, pausedAt: pausedAt, resumedAt: start)
                // Two millennia of working time is more than a deadline moves by.
                #expect(calendar.workingMilliseconds(from: deadline, to: extended) == min(paused, Self.cap))
                #expect(calendar.mark(from: start, span: span, percent: 150) > deadline)
            }
        }
    }
}
