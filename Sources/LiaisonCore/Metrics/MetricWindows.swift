/// The time windows a metrics snapshot publishes beside the totals, built from the daily rows
/// (`unit/<id>/day/<YYYY-MM-DD>`, calendar-local) that every counted act adds to.
///
/// Per unit and per workflow: `day/<today>` and `day/<yesterday>` (so that yesterday's record
/// settles with the acts of its last minutes), `week/<YYYY-Www>` (ISO week, Monday first),
/// `month/<YYYY-MM>` and `rolling30` (today and the 29 days before). Windows count acts (tasks
/// assigned, completed, escalations …); the open and overdue gauges are current values and are
/// only in the totals, so they read 0 in a window.
public enum MetricWindows {
    /// The daily rows the store keeps and the snapshot reads: enough for rolling 30 days and a
    /// whole month.
    public static let daysKept = 62

    /// The totals and today's windows to publish from every row merged, with `today` the
    /// calendar-local date `YYYY-MM-DD`; daily rows of other days are left out.
    public static func published(_ numbers: [MetricKey: MetricContribution], today text: String) -> [MetricKey: MetricContribution] {
        var result: [MetricKey: MetricContribution] = [:]
        guard let today = CivilDate(iso: Substring(text)) else {
            return numbers.filter { $0.key.window == nil }
        }
        let week = isoWeek(today)
        let month = String(text.prefix(7))
        for (key, contribution) in numbers {
            guard let window = key.window else {
                result[key] = contribution
                continue
            }
            guard window.hasPrefix("day/"), let date = CivilDate(iso: Substring(window.dropFirst(4))) else { continue }
            let age = today.dayNumber - date.dayNumber
            var targets: [String] = []
            if age == 0 || age == 1 { targets.append(window) }
            if (0..<30).contains(age) { targets.append("rolling30") }
            if isoWeek(date) == week { targets.append("week/" + week) }
            if date.description.hasPrefix(month) { targets.append("month/" + month) }
            for target in targets {
                result[MetricKey(key.scope, window: target), default: MetricContribution()].merge(contribution)
            }
        }
        return result
    }

    /// True for a daily row older than ``daysKept`` days before `today`: no snapshot reads it.
    public static func isExpired(_ key: MetricKey, today text: String) -> Bool {
        guard let window = key.window, window.hasPrefix("day/"),
              let date = CivilDate(iso: Substring(window.dropFirst(4))), let today = CivilDate(iso: Substring(text)) else { return false }
        return today.dayNumber - date.dayNumber >= daysKept
    }

    /// `YYYY-Www`: the ISO 8601 week of a date (weeks start on Monday; week 1 holds the year's
    /// first Thursday).
    static func isoWeek(_ date: CivilDate) -> String {
        let weekday = CivilDate.weekdayIndex(ofDay: date.dayNumber)
        let thursday = CivilDate(dayNumber: date.dayNumber - weekday + 3)
        guard let januaryFirst = CivilDate(year: thursday.year, month: 1, day: 1) else { return "" }
        let week = (thursday.dayNumber - januaryFirst.dayNumber) / 7 + 1
        return "\(thursday.year)-W" + (week < 10 ? "0" : "") + String(week)
    }
}
