import Yams

/// Turns the YAML of a calendar file into a `BusinessCalendar`, collecting every problem
/// with its line and column instead of stopping at the first one.
struct CalendarFileReader {
    /// The file name put in diagnostics.
    let file: String
    /// Problems found so far.
    private(set) var diagnostics: [Diagnostic] = []
    /// Likely mistakes that do not refuse the file (`validate --strict` refuses them).
    private(set) var warnings: [Diagnostic] = []
    /// Where `covers:` is written, for notices about the coverage ending; nil without one.
    private(set) var coversMark: Mark?

    private static let knownKeys = ["id", "timezone", "workweek", "hours", "holidays", "workdays", "covers"]
    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    /// The longest holiday range accepted, a guard against typing the wrong year.
    private static let longestRange = 366

    init(file: String) {
        self.file = file
    }

    /// The calendar described by `yaml`, or nil when a problem was recorded.
    mutating func read(_ yaml: String) -> BusinessCalendar? {
        let root: Node?
        switch YAMLDocument.root(of: yaml, file: file) {
        case .success(let node): root = node
        case .failure(let problem):
            diagnostics.append(problem)
            return nil
        }
        guard let root, let mapping = root.mapping else {
            report(root?.mark, .calendarNotAMapping)
            return nil
        }
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(key.mark, .calendarKeyNotAWord)
                continue
            }
            if !Self.knownKeys.contains(name) {
                report(key.mark, .calendarUnknownKey(name, known: Self.knownKeys))
            } else {
                values[name] = value
            }
        }
        for required in Self.knownKeys.prefix(4) where values[required] == nil {
            report(root.mark, .calendarMissingKey(required))
        }
        let id = values["id"].flatMap { readID($0) }
        let zone = values["timezone"].flatMap { readZone($0) }
        let workweek = values["workweek"].flatMap { readWorkweek($0) }
        let periods = values["hours"].flatMap { readHours($0) }
        let holidays = values["holidays"].map { readDays($0, key: "holidays") } ?? [:]
        let adjusted = values["workdays"].map { readDays($0, key: "workdays") } ?? [:]
        for (day, mark) in adjusted where holidays[day] != nil {
            report(mark, .dayBothHolidayAndWorkday("\(CivilDate(dayNumber: day))"))
        }
        if let workweek {
            for (day, mark) in adjusted.sorted(by: { $0.key < $1.key })
            where workweek & (1 << UInt8(CivilDate.weekdayIndex(ofDay: day))) != 0 {
                warnings.append(Diagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
                                           .workdayInWorkweek("\(CivilDate(dayNumber: day))"), severity: .warning))
            }
        }
        coversMark = values["covers"]?.mark
        let listed = holidays.merging(adjusted) { first, _ in first }
        let covered = values["covers"].map { readCovers($0, listed: listed) } ?? Self.years(of: listed.keys)
        guard diagnostics.isEmpty, let id, let zone, let workweek, let periods else { return nil }
        return BusinessCalendar(id: id, zone: zone, workweek: workweek, periods: periods,
                                holidays: Set(holidays.keys), adjustedWorkdays: Set(adjusted.keys),
                                coveredYears: covered)
    }

    private mutating func readID(_ node: Node) -> String? {
        guard let text = node.scalar?.string, !text.isEmpty,
              text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic
                  || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            report(node.mark, .invalidCalendarID)
            return nil
        }
        return text
    }

    private mutating func readZone(_ node: Node) -> ZoneOffsets? {
        guard let text = node.scalar?.string, let zone = ZoneOffsets(identifier: text) else {
            report(node.mark, .unknownTimeZone(Self.quote(node)))
            return nil
        }
        return zone
    }

    private mutating func readWorkweek(_ node: Node) -> UInt8? {
        guard let items = node.sequence else {
            report(node.mark, .workweekNotAList)
            return nil
        }
        var bits: UInt8 = 0
        var valid = true
        for item in items {
            let name = item.scalar?.string.lowercased() ?? ""
            guard let index = Self.weekdays.firstIndex(of: String(name.prefix(3))),
                  name.count == 3 || name == Self.fullName(index) else {
                report(item.mark, .notADay(Self.quote(item)))
                valid = false
                continue
            }
            if bits & (1 << UInt8(index)) != 0 {
                report(item.mark, .dayTwiceInWorkweek(name))
                valid = false
            }
            bits |= 1 << UInt8(index)
        }
        if valid && bits == 0 { report(node.mark, .emptyWorkweek) }
        return valid && bits != 0 ? bits : nil
    }

    private mutating func readHours(_ node: Node) -> [WorkingPeriod]? {
        guard let items = node.sequence, !items.isEmpty else {
            report(node.mark, .hoursNotAList)
            return nil
        }
        var periods: [(WorkingPeriod, Mark?)] = []
        for item in items {
            guard let text = item.scalar?.string, let period = WorkingPeriod(parsing: text) else {
                report(item.mark, .invalidHourRange(Self.quote(item)))
                continue
            }
            periods.append((period, item.mark))
        }
        guard periods.count == items.count else { return nil }
        periods.sort { $0.0.startMinute < $1.0.startMinute }
        var overlapping = false
        for (earlier, later) in zip(periods, periods.dropFirst()) where later.0.startMinute < earlier.0.endMinute {
            report(later.1, .hoursOverlap("\(later.0)", "\(earlier.0)"))
            overlapping = true
        }
        return overlapping ? nil : periods.map(\.0)
    }

    /// The years `covers:` names (`2026` or `2026..2027`); every listed day must lie in them.
    private mutating func readCovers(_ node: Node, listed: [Int: Mark?]) -> ClosedRange<Int>? {
        let text = node.scalar?.string.trimmingWhitespace() ?? ""
        let bounds = text.components(separatedBy: "..").map { Int($0.trimmingWhitespace()) }
        guard (1...2).contains(bounds.count), let first = bounds[0], let last = bounds[bounds.count - 1],
              (1900...9999).contains(first), (first...9999).contains(last) else {
            report(node.mark, .invalidCovers)
            return nil
        }
        for (day, mark) in listed.sorted(by: { $0.key < $1.key }) {
            let date = CivilDate(dayNumber: day)
            guard !(first...last).contains(date.year) else { continue }
            report(mark, .dateOutsideCovers(date: "\(date)", covers: text))
            break
        }
        return first...last
    }

    /// The years from the first to the last listed day; nil when none is listed.
    private static func years(of days: Dictionary<Int, Mark?>.Keys) -> ClosedRange<Int>? {
        guard let first = days.min(), let last = days.max() else { return nil }
        return CivilDate(dayNumber: first).year...CivilDate(dayNumber: last).year
    }

    /// Local day numbers of a list of dates and `a..b` ranges, each with where it was written.
    private mutating func readDays(_ node: Node, key: String) -> [Int: Mark?] {
        guard let items = node.sequence else {
            report(node.mark, .daysNotAList(key: key))
            return [:]
        }
        var days: [Int: Mark?] = [:]
        for item in items {
            let text = item.scalar?.string.trimmingWhitespace() ?? ""
            let bounds = text.components(separatedBy: "..")
            let dates = bounds.compactMap { CivilDate(iso: Substring($0.trimmingWhitespace())) }
            guard (1...2).contains(bounds.count), dates.count == bounds.count else {
                report(item.mark, .invalidDate(Self.quote(item)))
                continue
            }
            let first = dates[0].dayNumber
            let last = dates[dates.count - 1].dayNumber
            guard first <= last, last - first < Self.longestRange else {
                report(item.mark, .invalidRange(text, longestDays: Self.longestRange))
                continue
            }
            for day in first...last where days[day] == nil { days[day] = item.mark }
        }
        return days
    }

    /// A node as a diagnostic names it: its text in quotes, or what kind of node it is.
    private static func quote(_ node: Node) -> DefinitionMessage.NodeText {
        switch node {
        case .scalar(let scalar): .text(scalar.string)
        case .mapping: .mapping
        case .sequence: .list
        case .alias: .alias
        }
    }

    private static func fullName(_ index: Int) -> String {
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][index]
    }

    private mutating func report(_ mark: Mark?, _ message: DefinitionMessage) {
        diagnostics.append(.at(mark, file: file, message))
    }
}
