import Foundation
import Testing
@testable import LiaisonCore

/// The numbers a supervising office (督查室) reads on liaison.metrics.
@Suite("Metrics count what a supervising office counts")
struct SupervisionMetricsTests {
    /// The merged snapshot of one key after the driver's events.
    static func snapshot(_ driver: CaseDriver, _ scope: MetricDelta.Scope) throws -> JSONValue {
        let numbers = try #require(MetricContribution.fold(driver.simulation.metrics)[MetricKey(scope)])
        return MetricSnapshot(key: MetricKey(scope), at: EngineFixtures.start, numbers: numbers).data
    }

    @Test func anOpenOverdueTaskLowersTheOnTimeRate() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.complete("unit-a", at: 30)
        driver.simulation.advance(to: EngineFixtures.minutes(61))
        let workflow = try Self.snapshot(driver, .workflow("joint"))
        #expect(workflow["onTimeRate"] == .double(0.5), "one on time, one open and overdue")
        #expect(workflow["completionOnTimeRate"] == .double(1.0))
        #expect(workflow["onTime"]?["openOverdue"] == .integer(1))
        #expect(workflow["onTime"]?["denominator"] == .integer(2))
        let late = try Self.snapshot(driver, .unit("unit-b"))
        #expect(late["onTimeRate"] == .double(0.0), "a unit sitting on an overdue task is not at 100 % (nor unknown)")
    }

    @Test func responseTimeIsMeasuredInWorkingTimeBesideWallClock() throws {
        var driver = try CaseDriver(catalog: try EngineFixtures.exampleCatalog())
        // Friday 2026-03-06 15:00 in Shanghai; tax accepts on Monday at 10:00.
        driver.open("enterprise-establishment", at: 6_180, collaborators: ["tax"])
        driver.send(.taskAccepted, from: "tax", at: 10_200)
        let tax = try Self.snapshot(driver, .unit("tax"))
        #expect(tax["acceptMilliseconds"]?["mean"] == .integer(67 * 3_600_000))
        #expect(tax["acceptWorkingMilliseconds"]?["mean"] == .integer(12_600_000), "Friday 15:00–17:30 and Monday 09:00–10:00")
        #expect(tax["acceptWorkingMilliseconds"]?["count"] == .integer(1))
    }

    @Test func ratingsKeepTheirDistributionAndAReplacedScoreMoves() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b", "unit-c"])
        driver.send(.taskRated, from: "unit-b", at: 5, data: [("unit", "unit-a"), ("score", 2)])
        driver.send(.taskRated, from: "unit-c", at: 6, data: [("unit", "unit-a"), ("score", 5)])
        driver.send(.taskRated, from: "unit-b", at: 7, data: [("unit", "unit-a"), ("score", 4)])
        let rating = try Self.snapshot(driver, .unit("unit-a"))["rating"]
        #expect(rating?["count"] == .integer(2))
        #expect(rating?["mean"] == .double(4.5))
        #expect(rating?["distribution"] == .object([("1", 0), ("2", 0), ("3", 0), ("4", 1), ("5", 1)]))
    }

    @Test func declinesAreMappedToTheSuggestedUnitAndEscalationsByLevelAndTarget() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskDeclined, from: "unit-a", at: 5, data: [("reason", "非本部门职责"), ("suggest", "unit-z")])
        driver.simulation.advance(to: EngineFixtures.minutes(95))
        let decliner = try Self.snapshot(driver, .unit("unit-a"))
        #expect(decliner["declinesBySuggested"] == .object([("unit-z", 1)]))
        let late = try Self.snapshot(driver, .unit("unit-b"))
        #expect(late["escalationsByLevel"] == .object([("1", 1), ("2", 1)]))
        #expect(late["escalationsByTarget"] == .object([("mayor-office", 1), ("supervisor-office", 1)]))
    }

    @Test func workflowsShowWhereTheTimeGoesAndUnitsTheirNumbersPerWorkflow() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.complete("unit-a", at: 30)
        driver.complete("unit-b", at: 90)
        driver.complete("lead-office", at: 150)
        let stages = try Self.snapshot(driver, .workflow("joint"))["stages"]
        #expect(stages?["review"] == .object([("completed", 2), ("workingMilliseconds", .integer(120 * 60_000)),
                                              ("meanWorkingMilliseconds", .integer(60 * 60_000))]))
        #expect(stages?["decision"]?["completed"] == .integer(1))
        let unitA = try Self.snapshot(driver, .unit("unit-a"))
        #expect(unitA["byWorkflow"] == .object([("joint", .object([("assigned", 1), ("completed", 1), ("completedOnTime", 1), ("completedLate", 0)]))]))
        #expect(try Self.snapshot(driver, .workflow("joint"))["byWorkflow"] == nil)
    }

    @Test func aRowOfTheFirstFormatStillDecodesWithoutTheNewNumbers() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/metric-contribution")
        let bytes = Array(try Data(contentsOf: folder.appendingPathComponent("busy.bin")))
        #expect(bytes.first == MetricContribution.legacyEncodingVersion)
        let old = try MetricContribution(decoding: bytes)
        #expect(old.acceptTimes.count > 0)
        #expect(old.acceptTimes.mean == nil, "format 1 kept no sums: no mean rather than a wrong one")
        #expect(old.acceptWorkingTimes.count == 0)
        var grown = old
        grown.add(MetricDelta(scope: .unit("tax"), name: .acceptMilliseconds, value: 1_000))
        #expect(grown.acceptTimes.mean == 1_000, "the mean covers the samples recorded since")
        let reread = try MetricContribution(decoding: grown.encoded())
        #expect(reread == grown)
        #expect(grown.encoded().first == MetricContribution.encodingVersion)
    }
}
