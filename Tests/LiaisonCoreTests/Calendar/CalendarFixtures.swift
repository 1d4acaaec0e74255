import Foundation
@testable import LiaisonCore
import Testing

/// Calendars and instants shared by the calendar suites.
enum CalendarFixtures {
    /// The calendar of Workflows/calendars/cn-workdays.yaml with its header comment shortened
    /// (`CalendarFileTests` checks that both describe the same calendar).
    static let cnWorkdaysYAML = """
        # Mainland China government working calendar for 2026.
        id: cn-workdays
        timezone: Asia/Shanghai
        workweek: [mon, tue, wed, thu, fri]
        hours: ["09:00-12:00", "13:30-17:30"]
        holidays:
          - 2026-01-01..2026-01-03   # New Year
          - 2026-02-15..2026-02-23   # Spring Festival
          - 2026-04-04..2026-04-06   # Qingming
          - 2026-05-01..2026-05-05   # Labour Day
          - 2026-06-19..2026-06-21   # Dragon Boat
          - 2026-09-25..2026-09-27   # Mid-Autumn
          - 2026-10-01..2026-10-07   # National Day
        workdays:                    # weekend days that are worked
          - 2026-01-04
          - 2026-02-14
          - 2026-02-28
          - 2026-05-09
          - 2026-09-20
          - 2026-10-10
        """

    /// A Berlin office, 09:00–17:00 Monday to Friday, to cross daylight-saving changes.
    static let berlinYAML = """
        id: berlin-office
        timezone: Europe/Berlin
        workweek: [mon, tue, wed, thu, fri]
        hours: ["09:00-17:00"]
        """

    static func cnWorkdays() throws -> BusinessCalendar {
        try BusinessCalendar.parse(yaml: cnWorkdaysYAML, file: "cn-workdays.yaml")
    }

    static func berlin() throws -> BusinessCalendar {
        try BusinessCalendar.parse(yaml: berlinYAML, file: "berlin-office.yaml")
    }
}

/// The instant written in RFC 3339, failing the test when the text is not one.
func instant(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Timestamp {
    try #require(Timestamp(rfc3339: text), sourceLocation: sourceLocation)
}

/// An instant given in Beijing time, e.g. `beijing("2026-03-02 09:30")`.
func beijing(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Timestamp {
    try instant(text.replacingOccurrences(of: " ", with: "T") + ":00+08:00", sourceLocation: sourceLocation)
}
