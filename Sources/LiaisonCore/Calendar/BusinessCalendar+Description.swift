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

    /// The instant as RFC 3339 local time in the calendar's zone, with its offset:
    /// `2026-03-02T09:30:00+08:00` (`Z` only where the offset is zero).
    public func localRFC3339(of instant: Timestamp) -> String {
        let offset = zone.offset(atUTC: instant.milliseconds)
        let local = Timestamp(milliseconds: instant.milliseconds + offset).rfc3339
        guard offset != 0 else { return local }
        let minutes = abs(offset) / 60_000
        let hours = String(minutes / 60), rest = String(minutes % 60)
        let sign = offset < 0 ? "-" : "+"
        return String(local.dropLast()) + sign + String(repeating: "0", count: 2 - hours.count) + hours + ":"
            + String(repeating: "0", count: 2 - rest.count) + rest
    }

    /// The local calendar day of `instant`, `YYYY-MM-DD`: the day a metric is counted under.
    ///
    /// The same text as the first ten characters of ``localRFC3339(of:)``, without writing the
    /// time and offset the engine would throw away for each count it makes.
    public func localDay(of instant: Timestamp) -> String {
        CivilDate(dayNumber: localDay(ofUTC: instant.milliseconds)).iso
    }

    /// The first instant of the local day written `YYYY-MM-DD` (`simulate --until 2026-03-06`).
    public func startOfDay(iso text: String) -> Timestamp? {
        guard let date = CivilDate(iso: Substring(text)) else { return nil }
        return Timestamp(milliseconds: zone.utc(fromLocal: Int64(date.dayNumber) * 86_400_000))
    }
}
