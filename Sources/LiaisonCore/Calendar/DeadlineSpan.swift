/// A deadline span as written in a workflow file.
///
/// Elapsed spans (`30m`, `4h`, `2d`, `45s`) run on the wall clock; work units
/// (`4 workhours`, `3 workdays`) run only while a `BusinessCalendar` is open (DESIGN §4).
public enum DeadlineSpan: Hashable, Sendable, CustomStringConvertible {
    /// Wall-clock time: `"30m"`, `"4h"`, `"2d"`, `"45s"` (and `"250ms"`, so that
    /// `description` always parses back).
    case elapsed(milliseconds: Int64)
    /// Working hours of the calendar: `"4 workhours"`, `"1 workhour"`.
    case workhours(Int)
    /// Statutory working days: `"3 workdays"`, `"1 workday"`; the start day does not count and
    /// the deadline is the close of business of the N-th working day after it.
    case workdays(Int)

    /// Parses the workflow notation; nil when it is not one (the caller reports the diagnostic).
    ///
    /// The count must be a positive decimal integer: a zero or negative span is no deadline.
    /// Surrounding whitespace is ignored; singular and plural unit names are both accepted.
    /// Work-unit counts above `maximumWorkUnits` are refused.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, let count = Int64(digits), count > 0 else {
            return nil
        }
        let rest = trimmed.dropFirst(digits.count)
        let unit = rest.trimmingWhitespace()
        if rest.first == " " || rest.first == "\t" {
            switch unit {
            case _ where count > Self.maximumWorkUnits: return nil
            case "workhour", "workhours": self = .workhours(Int(count))
            case "workday", "workdays": self = .workdays(Int(count))
            default: return nil
            }
        } else {
            switch unit {
            case "ms": self = .elapsed(milliseconds: count)
            case "s": self = .elapsed(milliseconds: count * 1_000)
            case "m": self = .elapsed(milliseconds: count * 60_000)
            case "h": self = .elapsed(milliseconds: count * 3_600_000)
            case "d": self = .elapsed(milliseconds: count * 86_400_000)
            default: return nil
            }
        }
    }

    /// The largest count of workhours or workdays a span may have (about 40 years of
    /// working days): no administrative limit comes near it, and it bounds how far deadline
    /// arithmetic reaches. `BusinessCalendar` clamps larger counts to it.
    public static let maximumWorkUnits = 10_000

    /// The count of a work-unit span clamped to `0...maximumWorkUnits`, as arithmetic uses it.
    static func clampedUnits(_ count: Int) -> Int64 {
        Int64(Swift.max(0, Swift.min(count, maximumWorkUnits)))
    }

    /// True for workhours/workdays (measured in working time).
    public var countsWorkingTime: Bool {
        switch self {
        case .elapsed: false
        case .workhours, .workdays: true
        }
    }

    /// The span in workflow notation, in the largest unit that expresses it exactly.
    public var description: String {
        switch self {
        case .workhours(let n):
            return n == 1 ? "1 workhour" : "\(n) workhours"
        case .workdays(let n):
            return n == 1 ? "1 workday" : "\(n) workdays"
        case .elapsed(let ms):
            let units: [(Int64, String)] = [(86_400_000, "d"), (3_600_000, "h"), (60_000, "m"), (1_000, "s")]
            for (size, suffix) in units where ms != 0 && ms % size == 0 {
                return "\(ms / size)\(suffix)"
            }
            return "\(ms)ms"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
