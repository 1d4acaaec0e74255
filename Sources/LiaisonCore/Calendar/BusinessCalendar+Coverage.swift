/// Which years a calendar knows the holidays of.
///
/// Holiday notices (放假安排) are published year by year, so a calendar file states the years
/// it covers (`covers: 2026` or `covers: 2026..2027`; without it, the years of the holidays and
/// working days it lists). A deadline reaching outside them is still computed with the working
/// week, but flagged (`calendarCovered: false`) and warned about: nobody may be misled by a
/// guessed holiday-free year.
extension BusinessCalendar {
    /// The first local day after the covered years; nil when every year is covered.
    public var coverageEnd: Timestamp? {
        guard let years = coveredYears, let day = CivilDate(year: years.upperBound + 1, month: 1, day: 1) else { return nil }
        return Timestamp(milliseconds: zone.utc(fromLocal: Int64(day.dayNumber) * 86_400_000))
    }

    /// The last covered date as `YYYY-MM-DD`, for messages; nil when every year is covered.
    public var coverageEndDescription: String? {
        coveredYears.flatMap { CivilDate(year: $0.upperBound, month: 12, day: 31)?.description }
    }

    /// The covered years as written in a calendar file (`2026` or `2026..2027`).
    public var coveredYearsDescription: String {
        guard let years = coveredYears else { return "every year" }
        return years.count == 1 ? "\(years.lowerBound)" : "\(years.lowerBound)..\(years.upperBound)"
    }

    /// True when every local day from `start` to `end` lies in the covered years, i.e. when the
    /// holidays between them are known.
    public func covers(from start: Timestamp, to end: Timestamp) -> Bool {
        guard let years = coveredYears, !isAlwaysOpen else { return true }
        let first = CivilDate(dayNumber: localDay(ofUTC: min(start, end).milliseconds)).year
        let last = CivilDate(dayNumber: localDay(ofUTC: max(start, end).milliseconds)).year
        return years.contains(first) && years.contains(last)
    }

    /// True when the span's deadline from `start` stays in the covered years. Elapsed spans
    /// never consult the holidays and always are.
    public func covers(span: DeadlineSpan, from start: Timestamp) -> Bool {
        if case .elapsed = span { return true }
        return covers(from: start, to: deadline(from: start, span: span))
    }
}
