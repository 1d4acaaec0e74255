/// One span of working hours within a local day, e.g. `09:00-12:00`, in minutes after midnight.
///
/// The end is exclusive and may be 24:00 (1440); periods never cross midnight, which keeps
/// every working period inside the local day it belongs to.
struct WorkingPeriod: Hashable, Sendable, CustomStringConvertible {
    /// Minutes after local midnight at which work starts.
    var startMinute: Int
    /// Minutes after local midnight at which work stops (exclusive).
    var endMinute: Int

    /// The whole day, 00:00-24:00.
    static let wholeDay = WorkingPeriod(startMinute: 0, endMinute: 1_440)

    /// Parses `HH:MM-HH:MM` (hours 00–24, minutes 00–59, 24:00 only as an end, start < end).
    init?(parsing text: String) {
        let parts = text.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let start = Self.minute(of: parts[0].trimmingWhitespace()), start < 1_440,
              let end = Self.minute(of: parts[1].trimmingWhitespace()),
              start < end else { return nil }
        self.init(startMinute: start, endMinute: end)
    }

    init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// The period's length in milliseconds on a day without a clock change.
    var nominalMilliseconds: Int64 { Int64(endMinute - startMinute) * 60_000 }

    /// `HH:MM-HH:MM`.
    var description: String {
        "\(Self.clock(startMinute))-\(Self.clock(endMinute))"
    }

    /// Minutes after midnight for `HH:MM`; nil when malformed or past 24:00.
    private static func minute(of text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
              let hour = CivilDate.number(bytes[0..<2]), let minute = CivilDate.number(bytes[3..<5]),
              minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }

    static func clock(_ minute: Int) -> String {
        "\(CivilDate.pad(minute / 60, 2)):\(CivilDate.pad(minute % 60, 2))"
    }
}
