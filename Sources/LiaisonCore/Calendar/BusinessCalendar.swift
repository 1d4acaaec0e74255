/// When working time runs: a zone, a working week, daily working hours, holidays and
/// adjusted working days (调休). Deadlines in work units are computed against one.
///
/// A value type built once per calendar file (see `parse(yaml:file:)`); all arithmetic is
/// pure and reads no clock, so the engine can replay and simulate cases.
public struct BusinessCalendar: Hashable, Sendable {
    /// The calendar's id, as workflows name it (`calendar: cn-workdays`).
    public let id: String
    /// The zone whose wall clock the hours, holidays and working days are written in.
    let zone: ZoneOffsets
    /// Regular working weekdays, bit `i` set for weekday index `i` (Monday = 0).
    let workweek: UInt8
    /// Working periods of a working day, sorted and disjoint.
    let periods: [WorkingPeriod]
    /// Local day numbers that are not worked although the working week says so.
    let holidays: Set<Int>
    /// Local day numbers that are worked although the working week says not (调休).
    let adjustedWorkdays: Set<Int>
    /// True only for `alwaysOpen`: every span is plain elapsed time.
    let isAlwaysOpen: Bool

    /// Every hour of every day counts (used when a workflow names no calendar).
    ///
    /// On it every span is elapsed time: `N workhours` is N × 1 h and `N workdays` is
    /// N × 24 h after the start (there is no close of business to round to), percent marks
    /// are that share of it, and pauses extend deadlines by their elapsed length.
    public static let alwaysOpen = BusinessCalendar(
        id: "always-open", zone: .utc, workweek: 0b111_1111, periods: [.wholeDay],
        holidays: [], adjustedWorkdays: [], isAlwaysOpen: true)

    /// A calendar from already validated parts; `parse(yaml:file:)` is the public way in.
    ///
    /// The working week must have a day and `periods` must be sorted, disjoint and non-empty,
    /// so that working time always comes again and deadline searches end.
    init(id: String, zone: ZoneOffsets, workweek: UInt8, periods: [WorkingPeriod],
         holidays: Set<Int>, adjustedWorkdays: Set<Int>, isAlwaysOpen: Bool = false) {
        precondition(workweek & 0b111_1111 != 0 && !periods.isEmpty, "a calendar needs working time")
        self.id = id
        self.zone = zone
        self.workweek = workweek
        self.periods = periods
        self.holidays = holidays
        self.adjustedWorkdays = adjustedWorkdays
        self.isAlwaysOpen = isAlwaysOpen
    }

    /// The IANA zone id ("UTC" for alwaysOpen).
    public var timeZoneIdentifier: String { zone.identifier }

    /// Whether the local day numbered `day` (days since 1970-01-01) is a working day.
    func isWorkingDay(_ day: Int) -> Bool {
        if adjustedWorkdays.contains(day) { return true }
        guard workweek & (1 << UInt8(CivilDate.weekdayIndex(ofDay: day))) != 0 else { return false }
        return !holidays.contains(day)
    }

    /// The local day (days since 1970-01-01 in the calendar's zone) that contains `ms`.
    func localDay(ofUTC ms: Int64) -> Int {
        Int(floorDivide(ms + zone.offset(atUTC: ms), 86_400_000))
    }

    /// Calls `body` with each working period of local `day` as UTC milliseconds
    /// `[start, end)`, in order; stops when `body` returns false.
    @inline(__always)
    func forEachPeriod(onDay day: Int, _ body: (Int64, Int64) -> Bool) {
        let midnight = Int64(day) * 86_400_000
        for period in periods {
            let start = zone.utc(fromLocal: midnight + Int64(period.startMinute) * 60_000)
            let end = zone.utc(fromLocal: midnight + Int64(period.endMinute) * 60_000)
            if end > start, !body(start, end) { return }
        }
    }

    /// The UTC instant at which work stops on local `day` (end of its last period).
    func closeOfBusiness(onDay day: Int) -> Int64 {
        var close = Int64(day) * 86_400_000
        forEachPeriod(onDay: day) { _, end in
            close = end
            return true
        }
        return close
    }
}

/// Integer division rounding toward negative infinity (instants before 1970 stay right).
@inline(__always)
func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}
