@testable import LiaisonCore
import Testing

@Suite("Deadline spans are read from workflow notation")
struct DeadlineSpanParsingTests {
    @Test(arguments: [
        ("30m", DeadlineSpan.elapsed(milliseconds: 1_800_000)),
        ("4h", .elapsed(milliseconds: 14_400_000)),
        ("2d", .elapsed(milliseconds: 172_800_000)),
        ("45s", .elapsed(milliseconds: 45_000)),
        ("250ms", .elapsed(milliseconds: 250)),
        ("4 workhours", .workhours(4)),
        ("1 workhour", .workhours(1)),
        ("3 workdays", .workdays(3)),
        ("1 workday", .workdays(1)),
        ("  2  workdays ", .workdays(2)),
    ])
    func validNotationIsRead(text: String, expected: DeadlineSpan) {
        #expect(DeadlineSpan(parsing: text) == expected)
    }

    @Test(arguments: ["", "m", "0m", "0 workdays", "-3d", "1.5h", "3 d", "4workhours", "4 hours",
                      "3 workdays later", "4H", "999999999999d", "٣d", "5 work hours"])
    func anythingElseIsRefused(text: String) {
        #expect(DeadlineSpan(parsing: text) == nil)
    }

    @Test(arguments: ["30m", "4h", "2d", "45s", "1500ms", "90m", "4 workhours", "1 workhour",
                      "3 workdays", "1 workday"])
    func theDescriptionIsTheNotation(text: String) throws {
        let span = try #require(DeadlineSpan(parsing: text))
        #expect(span.description == text)
    }

    @Test func workUnitCountsStopAtTheMaximum() {
        #expect(DeadlineSpan(parsing: "10000 workdays") == .workdays(DeadlineSpan.maximumWorkUnits))
        #expect(DeadlineSpan(parsing: "10001 workdays") == nil)
        #expect(DeadlineSpan(parsing: "10001 workhours") == nil)
        #expect(DeadlineSpan(parsing: "10001h") == .elapsed(milliseconds: 36_003_600_000))
    }

    @Test func sixtyMinutesAreWrittenAsAnHour() {
        #expect(DeadlineSpan(parsing: "60m")?.description == "1h")
    }

    @Test func onlyWorkUnitsCountWorkingTime() {
        #expect(DeadlineSpan.workhours(1).countsWorkingTime)
        #expect(DeadlineSpan.workdays(1).countsWorkingTime)
        #expect(!DeadlineSpan.elapsed(milliseconds: 60_000).countsWorkingTime)
    }
}
