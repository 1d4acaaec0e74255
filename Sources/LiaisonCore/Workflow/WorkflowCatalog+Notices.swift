extension WorkflowCatalog {
    /// How long before a calendar's covered years end `validate` starts saying so.
    public static let coverageNoticeDays = 60

    /// Where a calendar's `covers:` is written (or its file starts), for notices about it.
    struct CalendarLocation: Sendable {
        var file: String
        var line: Int
        var column: Int
    }

    /// Notices for calendars whose covered years end within `coverageNoticeDays` of `today` or
    /// have ended: deadlines past them are computed with the working week alone and flagged.
    ///
    /// A notice, not a warning: the calendar is right today, and `--strict` must not break CI on
    /// New Year's Day while the next year's holiday notice is not yet published.
    public func coverageNotices(today: Timestamp) -> [Diagnostic] {
        calendars.keys.sorted().compactMap { id in
            guard let calendar = calendars[id], let end = calendar.coverageEnd, let last = calendar.coverageEndDescription,
                  let years = calendar.coveredYears, let place = calendarLocations[id] else { return nil }
            let left = end.milliseconds(since: today)
            let dayLength: Int64 = 86_400_000
            guard left < Int64(Self.coverageNoticeDays) * dayLength else { return nil }
            let written = calendar.coveredYearsDescription
            let message: DefinitionMessage = left <= 0
                ? .coverageEnded(calendar: id, years: written, lastDay: last, nextYear: years.upperBound + 1)
                : .coverageEnding(calendar: id, years: written, lastDay: last, daysLeft: (left + dayLength - 1) / dayLength, nextYear: years.upperBound + 1)
            return Diagnostic(file: place.file, line: place.line, column: place.column, message, severity: .notice)
        }
    }
}
