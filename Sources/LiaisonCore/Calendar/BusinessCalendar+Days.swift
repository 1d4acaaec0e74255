/// Working time one local day at a time, and the runs of days that need no such visit.
///
/// Working time is defined day by day: each working day contributes the parts of its periods
/// that fall in the span, at the UTC instants its wall clock maps to. Walking a span that
/// way costs a step per day, which a pause from year 1 turns into seconds; so the arithmetic
/// in `BusinessCalendar+Deadlines.swift` visits only the days at the ends of a span and those
/// near a clock change, and counts the others in bulk: inside a steady run every working day
/// holds exactly `dailyWorkingMilliseconds`.
extension BusinessCalendar {
    private static let dayLength: Int64 = 86_400_000

    /// Consecutive local days that one UTC offset covers whole, from a given day on.
    struct SteadyRun {
        /// The run's last local day (inclusive).
        let lastDay: Int
        /// Local minus UTC milliseconds on every day of the run.
        let shift: Int64
    }

    /// The steady run that starts at local `day`; nil when a clock change is near the day
    /// (within a day before its midnight, or inside it), which then has to be visited.
    ///
    /// The zone's offset is `shift` from `probe` (a day before the day's local midnight read
    /// as UTC) until its next change `end`. Any wall-clock time `t` in
    /// `[probe + max(0, shift), end + min(0, shift))` then maps to `t - shift` both ways
    /// `ZoneOffsets.utc(fromLocal:)` looks at it, so every day whose midnights lie inside
    /// that window has the nominal working periods.
    func steadyRun(from day: Int) -> SteadyRun? {
        let midnight = Int64(day).multipliedReportingOverflow(by: Self.dayLength)
        guard !midnight.overflow else { return nil }
        let probe = midnight.partialValue.subtractingReportingOverflow(Self.dayLength)
        guard !probe.overflow else { return nil }
        let shift = zone.offset(atUTC: probe.partialValue)
        let end = zone.offsetConstant(untilAfter: probe.partialValue)
        guard midnight.partialValue >= probe.partialValue + max(0, shift) else { return nil }
        // The next midnight of the last day must come before the window closes.
        let lastDay = floorDivide(end + min(0, shift) - 1, Self.dayLength) - 1
        guard lastDay >= Int64(day) else { return nil }
        return SteadyRun(lastDay: Int(lastDay), shift: shift)
    }

    /// The UTC instant at which working periods start on `day` of `run`.
    func opening(onDay day: Int, in run: SteadyRun) -> Int64 {
        Int64(day) * Self.dayLength + Int64(periods[0].startMinute) * 60_000 - run.shift
    }

    /// The last day of `run` whose working periods all end by `instant`.
    func lastDayClosed(by instant: Int64, in run: SteadyRun) -> Int {
        let closing = Int64(periods[periods.count - 1].endMinute) * 60_000
        return Int(min(Int64(run.lastDay), floorDivide(instant + run.shift - closing, Self.dayLength)))
    }

    /// The working milliseconds of local `day` that lie between `lower` and `upper`.
    func workingMilliseconds(onDay day: Int, from lower: Int64, to upper: Int64) -> Int64 {
        guard isWorkingDay(day) else { return 0 }
        let today = schedule(ofDay: day)
        var total: Int64 = 0
        for period in periods {
            let overlap = min(utc(period.endMinute, on: today), upper)
                - max(utc(period.startMinute, on: today), lower)
            if overlap > 0 { total += overlap }
        }
        return total
    }

    /// Spends the working time of local `day` that follows `cursor` out of `remaining`.
    ///
    /// Returns the instant at which `remaining` runs out on that day (a period's end when it
    /// runs out exactly there), or nil, with `remaining` reduced by what the day held.
    func spendWorkingTime(_ remaining: inout Int64, onDay day: Int, after cursor: Int64) -> Int64? {
        guard isWorkingDay(day) else { return nil }
        let today = schedule(ofDay: day)
        for period in periods {
            let end = utc(period.endMinute, on: today)
            let from = max(utc(period.startMinute, on: today), cursor)
            guard end > from else { continue }
            if remaining <= end - from { return from + remaining }
            remaining -= end - from
        }
        return nil
    }
}
