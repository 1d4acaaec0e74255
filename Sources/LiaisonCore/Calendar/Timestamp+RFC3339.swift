/// RFC 3339 text for instants: CloudEvents `time`, timeline output, test fixtures.
///
/// Hand-written over UTF-8 bytes because the engine parses one per event; Foundation's
/// formatters are far slower and locale-dependent.
extension Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±hh:mm)`; nil when the text is not RFC 3339.
    ///
    /// `t`, `z` and a space instead of `T` are accepted (RFC 3339 §5.6 allows them);
    /// fraction digits beyond milliseconds are truncated; a leap second (`:60`) counts as
    /// the first instant of the next minute. The instant must fall in years 0000–9999 in UTC.
    public init?(rfc3339 text: String) {
        var text = text
        guard let milliseconds = text.withUTF8({ Self.parseRFC3339($0) }) else { return nil }
        self.init(milliseconds: milliseconds)
    }

    /// The instant in UTC, e.g. `2026-03-02T01:30:00Z`, with `.mmm` only when the
    /// milliseconds are not zero.
    public var rfc3339: String {
        let day = floorDivide(milliseconds, 86_400_000)
        let inDay = milliseconds - day * 86_400_000
        let date = CivilDate(dayNumber: Int(day))
        let fraction = Int(inDay % 1_000)
        let second = Int(inDay / 1_000)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        if (0...9_999).contains(date.year) {
            Self.append(date.year, digits: 4, to: &bytes)
        } else {
            bytes.append(contentsOf: String(date.year).utf8)
        }
        bytes.append(UInt8(ascii: "-"))
        Self.append(date.month, digits: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.append(date.day, digits: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        Self.append(second / 3_600, digits: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.append(second / 60 % 60, digits: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.append(second % 60, digits: 2, to: &bytes)
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            Self.append(fraction, digits: 3, to: &bytes)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func append(_ value: Int, digits: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    private static func parseRFC3339(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for index in start..<(start + count) {
                let byte = b[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func byte(_ index: Int, _ allowed: StaticString) -> Bool {
            guard index < b.count else { return false }
            let set = UnsafeBufferPointer(start: allowed.utf8Start, count: allowed.utf8CodeUnitCount)
            return set.contains(b[index])
        }
        guard b.count >= 20, byte(4, "-"), byte(7, "-"), byte(10, "Tt "), byte(13, ":"), byte(16, ":"),
              let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
              let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
              hour < 24, minute < 60, second <= 60,
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        var index = 19
        var fraction = 0
        if byte(index, ".") {
            index += 1
            let start = index
            while index < b.count, b[index] >= UInt8(ascii: "0"), b[index] <= UInt8(ascii: "9") {
                if index - start < 3 { fraction = fraction * 10 + Int(b[index] - UInt8(ascii: "0")) }
                index += 1
            }
            guard index > start else { return nil }
            for _ in min(index - start, 3)..<3 { fraction *= 10 }
        }
        var offsetMinutes = 0
        if byte(index, "Zz") {
            index += 1
        } else if byte(index, "+-"), byte(index + 3, ":"),
                  let offsetHour = digits(index + 1, 2), let offsetMinute = digits(index + 4, 2),
                  offsetHour < 24, offsetMinute < 60 {
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let seconds = Int64(date.dayNumber) * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
            - Int64(offsetMinutes * 60)
        let milliseconds = seconds * 1_000 + Int64(fraction)
        return writableRange.contains(milliseconds) ? milliseconds : nil
    }

    /// 0000-01-01T00:00:00Z up to 10000-01-01T00:00:00Z: the instants `rfc3339` writes with a
    /// four-digit year. An offset or a leap second can carry a written time outside them
    /// (`9999-12-31T23:59:60Z`); such an instant is refused, since its own form would not read back.
    private static let writableRange: Range<Int64> = -62_167_219_200_000..<253_402_300_800_000
}
