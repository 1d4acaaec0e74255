@testable import LiaisonCore
import Testing

@Suite("The local day a metric is counted under is the date of the local time")
struct LocalDayTests {
    @Test("east and west of UTC, across daylight-saving changes and year ends, before and after 1970")
    func localDayIsTheDateOfTheLocalRFC3339Time() throws {
        let newYork = try BusinessCalendar.parse(yaml: """
            id: new-york
            timezone: America/New_York
            workweek: [mon, tue, wed, thu, fri]
            hours: ["09:00-17:00"]
            """, file: "new-york.yaml")
        let calendars = [try CalendarFixtures.cnWorkdays(), try CalendarFixtures.berlin(), newYork]
        var generator = SeededGenerator(seed: 20_261_130)
        // 1901…2099 at random, and every hour around the turns of a year and of a DST change.
        var instants = (0..<5_000).map { _ in Timestamp(milliseconds: Int64.random(in: -2_177_452_800_000...4_102_444_800_000, using: &generator)) }
        for turn in ["2026-12-31T12:00:00Z", "2026-03-28T12:00:00Z", "2026-10-24T12:00:00Z", "1969-12-31T12:00:00Z"] {
            let start = try instant(turn)
            instants += (0..<48).map { start.adding(milliseconds: Int64($0) * 3_600_000) }
        }
        for calendar in calendars {
            for moment in instants {
                let expected = String(calendar.localRFC3339(of: moment).prefix(10))
                #expect(calendar.localDay(of: moment) == expected, "\(calendar.id) at \(moment.milliseconds)")
            }
        }
        #expect(try CalendarFixtures.cnWorkdays().localDay(of: try instant("2026-12-31T16:30:00Z")) == "2027-01-01")
        #expect(newYork.localDay(of: try instant("2027-01-01T03:00:00Z")) == "2026-12-31")
    }

    @Test("a date outside four-digit years is written whole")
    func yearsPastFourDigitsAreWrittenWhole() {
        #expect(CivilDate(dayNumber: 0).iso == "1970-01-01")
        #expect(CivilDate(dayNumber: 2_932_897).iso == CivilDate(dayNumber: 2_932_897).description)
        #expect(CivilDate(dayNumber: 2_932_897).iso == "10000-01-01")
    }
}
