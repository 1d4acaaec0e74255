import Foundation
@testable import LiaisonCore
import Testing

@Suite("Working hours stay at local wall-clock times across daylight-saving changes")
struct DaylightSavingTests {
    let calendar: BusinessCalendar

    init() throws {
        calendar = try CalendarFixtures.berlin()
    }

    @Test func workhoursCrossingTheSpringChangeEndAtLocalOpeningPlusTheRest() throws {
        // Fri 2026-03-27 16:00 CET; clocks go forward on Sun 03-29; Mon 10:00 CEST is 08:00Z.
        let deadline = calendar.deadline(from: try instant("2026-03-27T15:00:00Z"), span: .workhours(2))
        #expect(deadline == (try instant("2026-03-30T08:00:00Z")))
        #expect(calendar.localDescription(of: deadline) == "2026-03-30 10:00 Mon")
    }

    @Test func workhoursCrossingTheAutumnChangeEndAtLocalOpeningPlusTheRest() throws {
        // Fri 2026-10-23 16:00 CEST; clocks go back on Sun 10-25; Mon 10:00 CET is 09:00Z.
        let deadline = calendar.deadline(from: try instant("2026-10-23T14:00:00Z"), span: .workhours(2))
        #expect(deadline == (try instant("2026-10-26T09:00:00Z")))
    }

    @Test func workdaysCloseAtLocalCloseOfBusinessAfterTheChange() throws {
        let deadline = calendar.deadline(from: try instant("2026-03-27T09:00:00Z"), span: .workdays(1))
        #expect(deadline == (try instant("2026-03-30T15:00:00Z")))
    }

    @Test func aWeekAndADayAcrossTheChangeHoldFortyEightWorkingHours() throws {
        let working = calendar.workingMilliseconds(
            from: try instant("2026-03-23T00:00:00Z"), to: try instant("2026-03-30T23:00:00Z"))
        #expect(working == 48 * 3_600_000)
    }

    @Test func aRoundTheClockCalendarCountsTheRealLengthOfChangeDays() throws {
        let always = try BusinessCalendar.parse(yaml: """
            id: berlin-24-7
            timezone: Europe/Berlin
            workweek: [mon, tue, wed, thu, fri, sat, sun]
            hours: ["00:00-24:00"]
            """, file: "berlin-24-7.yaml")
        let hour: Int64 = 3_600_000
        // Sun 2026-03-29 lasts 23 h, Sun 2026-10-25 lasts 25 h, in Berlin.
        #expect(always.workingMilliseconds(
            from: try instant("2026-03-28T23:00:00Z"), to: try instant("2026-03-29T22:00:00Z")) == 23 * hour)
        #expect(always.workingMilliseconds(
            from: try instant("2026-10-24T22:00:00Z"), to: try instant("2026-10-25T23:00:00Z")) == 25 * hour)
        // Working time then is elapsed time, whatever the wall clock does.
        let start = try instant("2026-03-28T12:00:00Z")
        #expect(always.addingWorkingTime(48 * hour, to: start) == start.adding(milliseconds: 48 * hour))
        #expect(always.deadline(from: start, span: .workdays(1)) == (try instant("2026-03-29T22:00:00Z")))
    }

    @Test(arguments: ["Europe/Berlin", "America/New_York", "Asia/Shanghai", "Australia/Lord_Howe",
                      "America/Sao_Paulo", "UTC"])
    func theOffsetTableAgreesWithFoundation(identifier: String) throws {
        let table = try #require(ZoneOffsets(identifier: identifier))
        let zone = try #require(TimeZone(identifier: identifier))
        // Every 19 h 7 min from 1905 to 2100: lands at all hours of the day and year.
        var ms: Int64 = -2_051_222_400_000
        var mismatches: [Int64] = []
        while ms < 4_102_444_800_000 {
            let expected = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))) * 1000
            if table.offset(atUTC: ms) != expected { mismatches.append(ms) }
            ms += 68_820_000
        }
        #expect(mismatches.isEmpty, "first mismatch at \(mismatches.first.map { Timestamp(milliseconds: $0).rfc3339 } ?? "")")
    }
}
