import Testing
@testable import LiaisonCore

/// Windows (today, this week, this month, rolling 30 days) come from daily rows keyed
/// `<scope>/day/<YYYY-MM-DD>`; the totals stay under the plain key.
@Suite("Metric windows are built from calendar-local daily rows")
struct MetricWindowTests {
    static func completions(_ count: Int64) -> MetricContribution {
        var contribution = MetricContribution()
        contribution.add(MetricDelta(scope: .unit("tax"), name: .completed, value: count))
        return contribution
    }

    @Test func anActIsCountedInTheTotalsAndInItsDay() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.complete("unit-a", at: 30)
        let keys = MetricContribution.fold(driver.simulation.metrics).keys.map(\.description)
        #expect(keys.contains("unit/unit-a"))
        #expect(keys.contains("unit/unit-a/day/2026-03-02"))
        #expect(MetricKey("unit/unit-a/day/2026-03-02")?.window == "day/2026-03-02")
        #expect(MetricKey("unit/unit-a")?.window == nil)
        #expect(MetricKey("unit/unit-a/") == nil)
    }

    @Test func theSnapshotPublishesTodayYesterdayWeekMonthAndRolling30() {
        let tax = MetricDelta.Scope.unit("tax")
        let rows: [MetricKey: MetricContribution] = [
            MetricKey(tax): Self.completions(100),
            MetricKey(tax, window: "day/2026-12-02"): Self.completions(1),  // Wednesday: today
            MetricKey(tax, window: "day/2026-12-01"): Self.completions(2),  // yesterday
            MetricKey(tax, window: "day/2026-11-30"): Self.completions(4),  // Monday, November
            MetricKey(tax, window: "day/2026-11-29"): Self.completions(8),  // Sunday: last week
            MetricKey(tax, window: "day/2026-11-02"): Self.completions(16), // 30 days before: outside rolling30
        ]
        let published = MetricWindows.published(rows, today: "2026-12-02")
        func completed(_ window: String?) -> Int64? { published[MetricKey(tax, window: window)].map { $0[.completed] } }
        #expect(completed(nil) == 100)
        #expect(completed("day/2026-12-02") == 1)
        #expect(completed("day/2026-12-01") == 2)
        #expect(completed("day/2026-11-30") == nil, "older days are not published again")
        #expect(completed("week/2026-W49") == 7)
        #expect(completed("month/2026-12") == 3)
        #expect(completed("rolling30") == 15)
    }

    @Test func isoWeeksStartOnMondayAndWeekOneHoldsTheFirstThursday() throws {
        #expect(MetricWindows.isoWeek(try #require(CivilDate(iso: "2026-01-01"))) == "2026-W01")
        #expect(MetricWindows.isoWeek(try #require(CivilDate(iso: "2027-01-01"))) == "2026-W53")
        #expect(MetricWindows.isoWeek(try #require(CivilDate(iso: "2026-11-30"))) == "2026-W49")
        #expect(MetricWindows.isoWeek(try #require(CivilDate(iso: "2026-11-29"))) == "2026-W48")
    }
}
