/// Deadline arithmetic: when a span ends, when a share of it has passed, how pauses move it.
extension BusinessCalendar {
    private static let hour: Int64 = 3_600_000
    private static let day: Int64 = 86_400_000
    /// The most working time `addingWorkingTime` adds (24 h per working day of the largest
    /// span, ten times over): a result stays within a few thousand years of its start, far
    /// from overflowing, and the cap is part of the results deadlines already recorded.
    private static let longestWalk = Int64(DeadlineSpan.maximumWorkUnits) * 10 * day

    /// When a span started at `start` ends (DESIGN §4: workhours count working time, a clock
    /// started outside working hours starts at the next working period; workdays: the start
    /// day does not count, deadline = close of working hours on the N-th working day after it).
    ///
    /// A span of zero or fewer units ends at `start`; work-unit counts above
    /// `DeadlineSpan.maximumWorkUnits` count as that maximum.
    public func deadline(from start: Timestamp, span: DeadlineSpan) -> Timestamp {
        switch span {
        case .elapsed(let ms):
            return start.adding(milliseconds: ms)
        case .workhours(let hours):
            return addingWorkingTime(DeadlineSpan.clampedUnits(hours) * Self.hour, to: start)
        case .workdays(let days):
            let days = DeadlineSpan.clampedUnits(days)
            guard days > 0 else { return start }
            if isAlwaysOpen { return start.adding(milliseconds: days * Self.day) }
            let startDay = localDay(ofUTC: start.milliseconds)
            let day = workingDay(Int(days), countingFrom: startDay + 1)
            return Timestamp(milliseconds: closeOfBusiness(onDay: day))
        }
    }

    /// The instant at which `percent`% of the span has elapsed, measured as the span is
    /// (working time for work units, elapsed otherwise); percent > 100 keeps counting the same way.
    ///
    /// A `workdays` span measures the working time from `start` to its deadline, so 100% is
    /// the deadline itself and 150% lies half that working time again beyond it.
    /// `percent` is clamped to 0...1 000: ten times a span is past any escalation ladder, and
    /// the bound keeps the arithmetic from overflowing or walking for long.
    public func mark(from start: Timestamp, span: DeadlineSpan, percent: Int) -> Timestamp {
        let percent = max(0, min(percent, 1_000))
        switch span {
        case .elapsed(let ms):
            return start.adding(milliseconds: ms * Int64(percent) / 100)
        case .workhours(let hours):
            let whole = DeadlineSpan.clampedUnits(hours) * Self.hour
            return addingWorkingTime(whole * Int64(percent) / 100, to: start)
        case .workdays:
            let whole = workingMilliseconds(from: start, to: deadline(from: start, span: span))
            return addingWorkingTime(whole * Int64(percent) / 100, to: start)
        }
    }

    /// Working milliseconds between two instants (elapsed for alwaysOpen).
    ///
    /// Negative when `to` precedes `from`, so that the result always moves `from` to `to`.
    /// Costs a few steps per clock change in the span, not one per day (see
    /// `BusinessCalendar+Days.swift`).
    public func workingMilliseconds(from: Timestamp, to: Timestamp) -> Int64 {
        if isAlwaysOpen { return to.milliseconds(since: from) }
        guard from < to else { return from == to ? 0 : -workingMilliseconds(from: to, to: from) }
        let lower = from.milliseconds
        let upper = to.milliseconds
        let firstDay = localDay(ofUTC: lower)
        let lastDay = localDay(ofUTC: upper)
        // A clock going back across midnight can put `to` on an earlier local day: no day counts.
        guard firstDay <= lastDay else { return 0 }
        var total = workingMilliseconds(onDay: firstDay, from: lower, to: upper)
        guard firstDay < lastDay else { return total }
        var day = firstDay + 1
        while day < lastDay {
            if let run = steadyRun(from: day), opening(onDay: day, in: run) >= lower {
                let last = min(lastDayClosed(by: upper, in: run), lastDay - 1)
                if last >= day {
                    total += dailyWorkingMilliseconds * Int64(workingDays(from: day, through: last))
                    day = last + 1
                    continue
                }
            }
            total += workingMilliseconds(onDay: day, from: lower, to: upper)
            day += 1
        }
        return total + workingMilliseconds(onDay: lastDay, from: lower, to: upper)
    }

    /// `instant` moved forward by `milliseconds` of working time.
    ///
    /// Counting starts at the next working period when `instant` lies outside one; a result
    /// that exhausts a period exactly is that period's end (e.g. 12:00, not 13:30). Zero or
    /// negative amounts leave `instant` unchanged; amounts beyond 100 000 days of working
    /// time count as that.
    public func addingWorkingTime(_ milliseconds: Int64, to instant: Timestamp) -> Timestamp {
        guard milliseconds > 0 else { return instant }
        if isAlwaysOpen { return instant.adding(milliseconds: milliseconds) }
        let cursor = instant.milliseconds
        var remaining = min(milliseconds, Self.longestWalk)
        let firstDay = localDay(ofUTC: cursor)
        var day = firstDay
        while true {
            if day > firstDay, let run = steadyRun(from: day), opening(onDay: day, in: run) >= cursor {
                // Whole days are spent only while more than a day's worth remains.
                let working = Int64(workingDays(from: day, through: run.lastDay))
                let spent = min(working, (remaining - 1) / dailyWorkingMilliseconds)
                remaining -= spent * dailyWorkingMilliseconds
                if spent == working {
                    day = run.lastDay + 1
                    continue
                }
                day = workingDay(Int(spent) + 1, countingFrom: day)
            }
            if let end = spendWorkingTime(&remaining, onDay: day, after: cursor) {
                return Timestamp(milliseconds: end)
            }
            day += 1
        }
    }

    /// A deadline or mark pushed back by a pause from `pausedAt` to `resumedAt`, the paused
    /// time measured as the span measures (working time for work units, elapsed otherwise).
    ///
    /// A pause that ends before it starts changes nothing.
    public func extend(_ instant: Timestamp, span: DeadlineSpan, pausedAt: Timestamp,
                       resumedAt: Timestamp) -> Timestamp {
        guard pausedAt < resumedAt else { return instant }
        guard span.countsWorkingTime else {
            return instant.adding(milliseconds: resumedAt.milliseconds(since: pausedAt))
        }
        return addingWorkingTime(workingMilliseconds(from: pausedAt, to: resumedAt), to: instant)
    }
}
