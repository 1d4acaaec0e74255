import Foundation
@testable import LiaisonCore
import Testing

@Suite("Calendar files are loaded whole or refused with every problem located")
struct CalendarFileTests {
    @Test func theExampleCalendarLoads() throws {
        let calendar = try CalendarFixtures.cnWorkdays()
        #expect(calendar.id == "cn-workdays")
        #expect(calendar.timeZoneIdentifier == "Asia/Shanghai")
        #expect(calendar.isWorkingDay(CivilDate(year: 2026, month: 2, day: 14)!.dayNumber))
        #expect(!calendar.isWorkingDay(CivilDate(year: 2026, month: 2, day: 16)!.dayNumber))
        #expect(!calendar.isWorkingDay(CivilDate(year: 2026, month: 3, day: 7)!.dayNumber))
        #expect(calendar.isWorkingDay(CivilDate(year: 2026, month: 3, day: 9)!.dayNumber))
        #expect(calendar.periods.map(\.description) == ["09:00-12:00", "13:30-17:30"])
    }

    @Test func theShippedCalendarFileIsTheExample() throws {
        let repository = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = repository.appendingPathComponent("Workflows/calendars/cn-workdays.yaml").path
        let shipped = try BusinessCalendar.parse(yaml: try String(contentsOfFile: path, encoding: .utf8),
                                                 file: path)
        #expect(shipped == (try CalendarFixtures.cnWorkdays()))
    }

    @Test func hoursMayBeListedOutOfOrder() throws {
        let calendar = try BusinessCalendar.parse(yaml: """
            id: shifted
            timezone: UTC
            workweek: [monday, sat]
            hours: ["14:00-24:00", "08:00-12:00"]
            """, file: "shifted.yaml")
        #expect(calendar.periods.map(\.description) == ["08:00-12:00", "14:00-24:00"])
        #expect(calendar.isWorkingDay(CivilDate(year: 2026, month: 3, day: 7)!.dayNumber))
        #expect(!calendar.isWorkingDay(CivilDate(year: 2026, month: 3, day: 3)!.dayNumber))
    }

    @Test(arguments: [
        ("id: a\ntimezone: UTC\nworkweek: [mon]\nhours: [\"09:00-17:00\"]\nholiday: [2026-01-01]\n",
         "f.yaml:5:1: error: unknown key 'holiday'; a calendar has id, timezone, workweek, hours, holidays, workdays, covers"),
        ("id: a\ntimezone: Mars/Olympus\nworkweek: [mon]\nhours: [\"09:00-17:00\"]\n",
         "f.yaml:2:11: error: unknown time zone 'Mars/Olympus'; use an IANA name such as Asia/Shanghai"),
        ("id: a\ntimezone: UTC\nworkweek: [mon, fry]\nhours: [\"09:00-17:00\"]\n",
         "f.yaml:3:17: error: 'fry' is not a day; use mon, tue, wed, thu, fri, sat or sun"),
        ("id: a\ntimezone: UTC\nworkweek: [mon, mon]\nhours: [\"09:00-17:00\"]\n",
         "f.yaml:3:17: error: 'mon' is listed twice in the working week"),
        ("id: a\ntimezone: UTC\nworkweek: [mon]\nhours: [\"17:00-09:00\"]\n",
         "f.yaml:4:9: error: '17:00-09:00' is not an hour range HH:MM-HH:MM with start before end"),
        ("id: a\ntimezone: UTC\nworkweek: [mon]\nhours: [\"09:00-12:30\", \"12:00-17:00\"]\n",
         "f.yaml:4:24: error: working hours 12:00-17:00 overlap 09:00-12:30"),
        ("id: a\ntimezone: UTC\nworkweek: [mon]\nhours: [\"09:00-17:00\"]\nholidays:\n  - 2026-02-30\n",
         "f.yaml:6:5: error: '2026-02-30' is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD"),
        ("id: a\ntimezone: UTC\nworkweek: [mon]\nhours: [\"09:00-17:00\"]\nworkdays:\n  - { date: 2026-03-07 }\n",
         "f.yaml:6:5: error: a mapping is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD"),
        ("id: a\ntimezone: UTC\nworkweek: [mon]\nhours: [\"09:00-17:00\"]\nholidays: [2026-03-05..2026-03-01]\n",
         "f.yaml:5:12: error: range '2026-03-05..2026-03-01' must run forward and span at most 366 days"),
        ("id: a\ntimezone: UTC\nworkweek: [mon]\nhours: [\"09:00-17:00\"]\nholidays: [2026-02-10..2026-02-20]\nworkdays: [2026-02-14]\n",
         "f.yaml:6:12: error: 2026-02-14 is listed both as a holiday and as a working day"),
        ("id: a\ntimezone: UTC\nworkweek: []\nhours: [\"09:00-17:00\"]\n",
         "f.yaml:3:11: error: the working week has no day"),
        ("id: a\nid: b\ntimezone: UTC\nworkweek: [mon]\nhours: [\"09:00-17:00\"]\n",
         "f.yaml:1:1: error: 'id' given more than once in the mapping that starts here"),
        ("id: a\ntimezone: UTC\nworkweek: [mon]\n",
         "f.yaml:1:1: error: missing 'hours'"),
        ("id: a\ntimezone: [UTC\n",
         "f.yaml:2:11: error: a list opened with '[' here is not closed with ']' (or two of its items lack a ',' between them) (YAML: did not find expected ',' or ']')"),
    ])
    func aWrongFileIsRefusedWithItsLocation(yaml: String, expected: String) {
        #expect(throws: DefinitionErrors.self) {
            try BusinessCalendar.parse(yaml: yaml, file: "f.yaml")
        }
        do {
            _ = try BusinessCalendar.parse(yaml: yaml, file: "f.yaml")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        let yaml = """
            id: bad
            timezone: Nowhere/City
            workweek: [mon, funday]
            hours: ["9-5"]
            colour: blue
            """
        do {
            _ = try BusinessCalendar.parse(yaml: yaml, file: "bad.yaml")
            Issue.record("a calendar with four problems was loaded")
        } catch {
            #expect(error.diagnostics.map(\.line) == [2, 3, 4, 5])
        }
    }

    @Test func anEmptyFileIsRefused() {
        #expect(throws: DefinitionErrors.self) {
            try BusinessCalendar.parse(yaml: "# nothing here\n", file: "empty.yaml")
        }
    }
}
