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
    /// `holidays` and `adjustedWorkdays` indexed by day, for fast lookups.
    let exceptions: DayExceptions
    /// Working milliseconds of a working day without a clock change.
    let dailyWorkingMilliseconds: Int64
    /// The years whose holidays and adjusted working days the file lists (its `covers:`, or
    /// the years of the days it lists); nil when the calendar claims every year (it lists
    /// none, or it is `alwaysOpen`). See `BusinessCalendar+Coverage.swift`.
    public let coveredYears: ClosedRange<Int>?

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
         holidays: Set<Int>, adjustedWorkdays: Set<Int>, isAlwaysOpen: Bool = false,
         coveredYears: ClosedRange<Int>? = nil) {
        precondition(workweek & 0b111_1111 != 0 && !periods.isEmpty, "a calendar needs working time")
        self.id = id
        self.zone = zone
        self.workweek = workweek
        self.periods = periods
        self.holidays = holidays
        self.adjustedWorkdays = adjustedWorkdays
        self.isAlwaysOpen = isAlwaysOpen
        self.exceptions = DayExceptions(holidays: holidays, worked: adjustedWorkdays, workweek: workweek)
        self.dailyWorkingMilliseconds = periods.reduce(0) { $0 + $1.nominalMilliseconds }
        self.coveredYears = coveredYears
    }

    /// The IANA zone id ("UTC" for alwaysOpen).
    public var timeZoneIdentifier: String { zone.identifier }

    /// Whether the local day numbered `day` (days since 1970-01-01) is a working day.
    func isWorkingDay(_ day: Int) -> Bool {
        let index = day - exceptions.firstDay
        if index >= 0, index < exceptions.kinds.count, exceptions.kinds[index] != .regular {
            return exceptions.kinds[index] == .worked
        }
        return workweek & (1 << UInt8(CivilDate.weekdayIndex(ofDay: day))) != 0
    }

    /// The local day (days since 1970-01-01 in the calendar's zone) that contains `ms`.
    func localDay(ofUTC ms: Int64) -> Int {
        Int(floorDivide(ms + zone.offset(atUTC: ms), 86_400_000))
    }

    /// How local wall-clock times of `day` map to UTC.
    ///
    /// Passing the schedule of an earlier day lets a walk over consecutive days reuse its
    /// offset instead of searching the zone table again.
    func schedule(ofDay day: Int, after previous: DaySchedule? = nil) -> DaySchedule {
        let midnight = Int64(day) * 86_400_000
        // A day lasts at most 25 h; with an hour of margin the whole day is inside the stretch.
        let margin: Int64 = 26 * 3_600_000
        if let previous, let shift = previous.shift, midnight - shift + margin < previous.steadyUntil {
            return DaySchedule(midnight: midnight, shift: shift, steadyUntil: previous.steadyUntil)
        }
        let midnightUTC = zone.utc(fromLocal: midnight)
        let steadyUntil = zone.offsetHolds(untilAfter: midnightUTC)
        let steady = steadyUntil > midnightUTC + margin
        return DaySchedule(midnight: midnight, shift: steady ? midnight - midnightUTC : nil,
                           steadyUntil: steadyUntil)
    }

    /// The UTC instant of `minute` minutes after local midnight of the day `schedule` maps.
    ///
    /// Lives on the calendar, not the schedule, so that walking days copies no reference.
    @inline(__always)
    func utc(_ minute: Int, on schedule: DaySchedule) -> Int64 {
        let local = schedule.midnight + Int64(minute) * 60_000
        if let shift = schedule.shift { return local - shift }
        return zone.utc(fromLocal: local)
    }

    /// The UTC instant at which work stops on local `day` (end of its last period).
    func closeOfBusiness(onDay day: Int) -> Int64 {
        let schedule = schedule(ofDay: day)
        return periods.reversed().lazy
            .map { (utc($0.startMinute, on: schedule), utc($0.endMinute, on: schedule)) }
            .first { $0.1 > $0.0 }?.1 ?? utc(0, on: schedule)
    }
}

/// One local day's mapping from wall-clock minutes to UTC milliseconds (see `utc(_:on:)`).
///
/// On days without a clock change the mapping is a fixed shift, so converting a working
/// period costs a subtraction; only the two change days a year ask the zone table.
struct DaySchedule {
    /// Local milliseconds of the day's midnight.
    let midnight: Int64
    /// Local minus UTC for the whole day; nil on a day with a clock change.
    let shift: Int64?
    /// UTC instant at which `shift` stops holding (the zone's next clock change).
    let steadyUntil: Int64

    /// True when every period of the day has its nominal length.
    var isSteady: Bool { shift != nil }
}

/// Holidays and adjusted working days as a dense array over the days they span, so that
/// asking about a day is an index, not a hash lookup, and counting the working days of any
/// stretch of them is a subtraction.
struct DayExceptions: Hashable, Sendable {
    enum Kind: UInt8, Hashable, Sendable { case regular, holiday, worked }
    /// The day number of `kinds[0]`.
    let firstDay: Int
    let kinds: [Kind]
    /// `surplusBefore[i]`: working days minus those the working week alone would have, over
    /// `kinds[0..<i]` (a holiday on a working weekday counts -1, an adjusted working day +1).
    let surplusBefore: [Int]

    init(holidays: Set<Int>, worked: Set<Int>, workweek: UInt8) {
        let all = holidays.union(worked)
        firstDay = all.min() ?? 0
        var kinds = [Kind](repeating: .regular, count: all.isEmpty ? 0 : (all.max()! - firstDay + 1))
        for day in holidays { kinds[day - firstDay] = .holiday }
        for day in worked { kinds[day - firstDay] = .worked }
        self.kinds = kinds
        var surplus = [0]
        surplus.reserveCapacity(kinds.count + 1)
        for (index, kind) in kinds.enumerated() {
            let weekday = CivilDate.weekdayIndex(ofDay: firstDay + index)
            let regular = workweek & (1 << UInt8(weekday)) != 0
            let change = kind == .holiday && regular ? -1 : kind == .worked && !regular ? 1 : 0
            surplus.append(surplus[surplus.count - 1] + change)
        }
        surplusBefore = surplus
    }

    /// The day after the last listed one (equal to `firstDay` when none is listed).
    var endDay: Int { firstDay + kinds.count }
}

/// Integer division rounding toward negative infinity (instants before 1970 stay right).
@inline(__always)
func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
    let quotient = value / divisor
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
}
