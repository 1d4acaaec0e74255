/// Human-readable local times, for timelines and `simulate` output.
extension BusinessCalendar {
    /// Local wall-clock time in the calendar's zone, for timelines in either language.
    ///
    /// Seconds are dropped: deadlines are read by people, at minute precision.
    public func localTime(of instant: Timestamp) -> LocalTime {
        let local = instant.milliseconds + zone.offset(atUTC: instant.milliseconds)
        let day = floorDivide(local, 86_400_000)
        let minute = Int((local - day * 86_400_000) / 60_000)
        return LocalTime(date: "\(CivilDate(dayNumber: Int(day)))", clock: WorkingPeriod.clock(minute),
                         weekday: CivilDate.weekdayIndex(ofDay: Int(day)))
    }

    /// Local wall-clock text in the calendar's zone, e.g. "2026-03-02 09:30 Mon", for timelines.
    public func localDescription(of instant: Timestamp) -> String {
        localTime(of: instant).text(.english)
    }

    /// The first instant of the local day written `YYYY-MM-DD` (`simulate --until 2026-03-06`).
    public func startOfDay(iso text: String) -> Timestamp? {
        guard let date = CivilDate(iso: Substring(text)) else { return nil }
        return Timestamp(milliseconds: zone.utc(fromLocal: Int64(date.dayNumber) * 86_400_000))
    }
}
