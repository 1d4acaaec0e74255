@testable import LiaisonCore

/// Deadline arithmetic as it was first written: walking the calendar one local day at a time.
///
/// Obviously right and far too slow for long spans (a pause from year 1 to now walks some
/// 740 000 days), so production jumps over runs of regular days instead; the equivalence
/// suite holds the two to identical results. Kept verbatim apart from the names: do not
/// "improve" it, it is the definition the fast code is checked against.
struct ReferenceCalendarArithmetic {
    let calendar: BusinessCalendar

    private static let hour: Int64 = 3_600_000
    private static let day: Int64 = 86_400_000
    private static let longestWalk = Int64(DeadlineSpan.maximumWorkUnits) * 10 * day

    func deadline(from start: Timestamp, span: DeadlineSpan) -> Timestamp {
        switch span {
        case .elapsed(let ms):
            return start.adding(milliseconds: ms)
        case .workhours(let hours):
            return addingWorkingTime(DeadlineSpan.clampedUnits(hours) * Self.hour, to: start)
        case .workdays(let days):
            let days = DeadlineSpan.clampedUnits(days)
            guard days > 0 else { return start }
            if calendar.isAlwaysOpen { return start.adding(milliseconds: days * Self.day) }
            var day = calendar.localDay(ofUTC: start.milliseconds)
            var counted: Int64 = 0
            while counted < days {
                day += 1
                if calendar.isWorkingDay(day) { counted += 1 }
            }
            return Timestamp(milliseconds: calendar.closeOfBusiness(onDay: day))
        }
    }

    func mark(from start: Timestamp, span: DeadlineSpan, percent: Int) -> Timestamp {
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

    func workingMilliseconds(from: Timestamp, to: Timestamp) -> Int64 {
        if calendar.isAlwaysOpen { return to.milliseconds(since: from) }
        guard from < to else { return from == to ? 0 : -workingMilliseconds(from: to, to: from) }
        let periods = calendar.periods
        let lower = from.milliseconds
        let upper = to.milliseconds
        var total: Int64 = 0
        var day = calendar.localDay(ofUTC: lower)
        let lastDay = calendar.localDay(ofUTC: upper)
        var schedule: DaySchedule?
        while day <= lastDay {
            defer { day += 1 }
            guard calendar.isWorkingDay(day) else { continue }
            let today = calendar.schedule(ofDay: day, after: schedule)
            schedule = today
            if today.isSteady, lower <= calendar.utc(periods[0].startMinute, on: today),
               upper >= calendar.utc(periods[periods.count - 1].endMinute, on: today) {
                total += calendar.dailyWorkingMilliseconds
                continue
            }
            for period in periods {
                let overlap = min(calendar.utc(period.endMinute, on: today), upper)
                    - max(calendar.utc(period.startMinute, on: today), lower)
                if overlap > 0 { total += overlap }
            }
        }
        return total
    }

    func addingWorkingTime(_ milliseconds: Int64, to instant: Timestamp) -> Timestamp {
        guard milliseconds > 0 else { return instant }
        if calendar.isAlwaysOpen { return instant.adding(milliseconds: milliseconds) }
        let periods = calendar.periods
        let daily = calendar.dailyWorkingMilliseconds
        let cursor = instant.milliseconds
        var remaining = min(milliseconds, Self.longestWalk)
        var day = calendar.localDay(ofUTC: cursor)
        var schedule: DaySchedule?
        while true {
            defer { day += 1 }
            guard calendar.isWorkingDay(day) else { continue }
            let today = calendar.schedule(ofDay: day, after: schedule)
            schedule = today
            if today.isSteady, remaining > daily, cursor <= calendar.utc(periods[0].startMinute, on: today) {
                remaining -= daily
                continue
            }
            for period in periods {
                let end = calendar.utc(period.endMinute, on: today)
                let from = max(calendar.utc(period.startMinute, on: today), cursor)
                guard end > from else { continue }
                if remaining <= end - from { return Timestamp(milliseconds: from + remaining) }
                remaining -= end - from
            }
        }
    }

    func extend(_ instant: Timestamp, span: DeadlineSpan, pausedAt: Timestamp,
                resumedAt: Timestamp) -> Timestamp {
        guard pausedAt < resumedAt else { return instant }
        guard span.countsWorkingTime else {
            return instant.adding(milliseconds: resumedAt.milliseconds(since: pausedAt))
        }
        return addingWorkingTime(workingMilliseconds(from: pausedAt, to: resumedAt), to: instant)
    }
}
