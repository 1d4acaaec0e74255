extension WorkflowCatalog {
    /// How long before a calendar's covered years end `validate` starts saying so.
    public static let coverageNoticeDays = 60

    /// Notices for calendars whose covered years end within `coverageNoticeDays` of `today` or
    /// have ended: deadlines past them are computed with the working week alone and flagged.
    ///
    /// A notice, not a warning: the calendar is right today, and `--strict` must not break CI on
    /// New Year's Day while the next year's holiday notice is not yet published.
    public func coverageNotices(today: Timestamp) -> [Diagnostic] {
        calendars.keys.sorted().compactMap { id in
            guard let calendar = calendars[id], let end = calendar.coverageEnd, let last = calendar.coverageEndDescription,
                  var notice = calendarLocations[id] else { return nil }
            let left = end.milliseconds(since: today)
            let dayLength: Int64 = 86_400_000
            guard left < Int64(Self.coverageNoticeDays) * dayLength else { return nil }
            let next = (calendar.coveredYears?.upperBound ?? 0) + 1
            let when = left <= 0 ? "ended on \(last)" : "ends on \(last), in \((left + dayLength - 1) / dayLength) day(s)"
            notice.message = "calendar '\(id)' covers \(calendar.coveredYearsDescription), which \(when): deadlines after it are computed "
                + "with the working week alone and flagged calendarCovered: false; add \(next)'s holidays and adjusted working days and extend 'covers'"
            return notice
        }
    }
}
