@testable import LiaisonCore
import Testing

@Suite("Timestamps read and write RFC 3339")
struct TimestampRFC3339Tests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2026-03-02T01:30:00Z", 1_772_415_000_000),
        ("2026-03-02T09:30:00+08:00", 1_772_415_000_000),
        ("2026-03-01T20:30:00-05:00", 1_772_415_000_000),
        ("2026-03-02t01:30:00z", 1_772_415_000_000),
        ("2026-03-02 01:30:00Z", 1_772_415_000_000),
        ("2026-03-02T01:30:00.5Z", 1_772_415_000_500),
        ("2026-03-02T01:30:00.123456789Z", 1_772_415_000_123),
        ("2024-02-29T23:59:59.999Z", 1_709_251_199_999),
        ("1969-12-31T23:59:59Z", -1_000),
        ("2016-12-31T23:59:60Z", 1_483_228_800_000),
    ])
    func validTextIsRead(text: String, milliseconds: Int64) {
        #expect(Timestamp(rfc3339: text)?.milliseconds == milliseconds)
    }

    @Test(arguments: [
        "", "2026-03-02", "2026-03-02T01:30:00", "2026-03-02T01:30Z", "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-02T24:00:00Z",
        "2026-03-02T01:60:00Z", "2026-03-02T01:30:00+0800", "2026-03-02T01:30:00+24:00",
        "2026-03-02T01:30:00.Z", "2026-03-02T01:30:00Zjunk", "2026/03/02T01:30:00Z",
        " 2026-03-02T01:30:00Z", "２０２６-03-02T01:30:00Z",
    ])
    func malformedTextIsRefused(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func writingUsesUTCAndMillisecondsOnlyWhenPresent() {
        #expect(Timestamp(milliseconds: 1_772_415_000_000).rfc3339 == "2026-03-02T01:30:00Z")
        #expect(Timestamp(milliseconds: 1_772_415_000_007).rfc3339 == "2026-03-02T01:30:00.007Z")
        #expect(Timestamp(milliseconds: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
    }

    @Test func writtenTextReadsBackToTheSameInstant() {
        var ms: Int64 = -2_208_988_800_000
        var failures: [Int64] = []
        while ms < 7_258_118_400_000 {
            if Timestamp(rfc3339: Timestamp(milliseconds: ms).rfc3339)?.milliseconds != ms { failures.append(ms) }
            ms += 7_919_993_217
        }
        #expect(failures.isEmpty)
    }

    /// Found by `scripts/fuzz timestamp`: `9999-12-31T23:59:60.999Z` was read as an instant in
    /// the year 10000, whose written form `10000-01-01T00:00:00.999Z` is not RFC 3339.
    @Test(arguments: ["9999-12-31T23:59:60.999Z", "9999-12-31T23:30:00-01:00", "0000-01-01T00:00:00+00:01"])
    func instantsCarriedOutsideFourDigitYearsAreRefused(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func theFirstAndLastFourDigitInstantsAreReadAndWrittenBack() {
        let first = Timestamp(rfc3339: "0000-01-01T00:00:00Z")
        let last = Timestamp(rfc3339: "9999-12-31T23:59:59.999Z")
        #expect(first?.milliseconds == -62_167_219_200_000)
        #expect(last?.milliseconds == 253_402_300_799_999)
        #expect(first.flatMap { Timestamp(rfc3339: $0.rfc3339) } == first)
        #expect(last.flatMap { Timestamp(rfc3339: $0.rfc3339) } == last)
    }
}
