import Testing
@testable import LiaisonCore

@Suite("The simulation summary a designer decides from")
struct SimulationReportTests {
    @Test func theEnterpriseExampleIsSummedUpInWorkingHours() throws {
        let report = try ExampleScenarioTests.replay().report
        let tax = try #require(report.units.first { $0.name == "tax" })
        // Assigned Mon 09:30, accepted 10:00, completed Tue 15:00: 0.5 and 11 working hours
        // (Mon 09:30-17:30 less the 12:00-13:30 lunch is 6.5h, Tue 09:00-15:00 less lunch 4.5h).
        #expect(tax.responseHours == [0.5])
        #expect(tax.completionHours == [11])
        let security = try #require(report.units.first { $0.name == "public-security" })
        #expect((security.tasks, security.onTime, security.late, security.open, security.overdueNow) == (1, 0, 0, 1, 1))
        #expect(security.escalations == [1: 2, 2: 2])
        #expect(security.reminders == 4)
        let workflow = try #require(report.workflows.first)
        #expect(workflow.name == "enterprise-establishment")
        #expect((workflow.tasks, workflow.onTime, workflow.open) == (3, 2, 1))
        #expect(workflow.onTimeRate == 1)
        #expect(SimulationReport.percentile(workflow.completionHours, 50) == 11)
        #expect(report.lines.contains { $0.hasPrefix("public-security") && $0.contains("L1×2 L2×2") })
    }

    @Test func aStageVisitCountsItsWorkingTime() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.complete("unit-a", at: 30)
        driver.complete("unit-b", at: 90, .approved)
        driver.complete("lead-office", at: 100)
        let report = driver.simulation.report
        #expect(report.stages.map(\.name) == ["joint/review", "joint/decision"])
        #expect(report.stages.map(\.hours) == [[1.5], [10.0 / 60]])
        #expect(report.units.first { $0.name == "unit-a" }?.completionHours == [0.5])
    }

    @Test func declinesAndLateCompletionsAreCountedAgainstTheUnit() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        driver.complete("unit-b", at: 700)
        let report = driver.simulation.report
        #expect(report.units.first { $0.name == "unit-a" }?.declines == 1)
        let b = try #require(report.units.first { $0.name == "unit-b" })
        #expect((b.late, b.onTime, b.onTimeRate) == (1, 0, 0))
    }

    @Test func comparingTwoVersionsSaysWhatChanges() throws {
        let strict = EngineFixtures.parallel.replacingOccurrences(of: "complete_within: 10h", with: "complete_within: 5h")
        func run(_ text: String) throws -> SimulationReport {
            var driver = try CaseDriver(catalog: try EngineFixtures.catalog([text]))
            driver.open(collaborators: ["unit-a"])
            driver.complete("unit-a", at: 420)
            return driver.simulation.report
        }
        let before = try run(EngineFixtures.parallel)
        let after = try run(strict)
        #expect(before.differences(to: before).isEmpty)
        let lines = before.differences(to: after)
        #expect(lines.contains { $0.hasPrefix("unit unit-a: ") && $0.contains("on-time 1 → 0") && $0.contains("late 0 → 1") })
        #expect(lines.contains { $0.hasPrefix("workflow joint: ") && $0.contains("on-time-rate 100% → 0%") })
    }
}

@Suite("Simulation timeline lines")
struct SimulationTimelineTests {
    @Test func duplicatesAndRatingsAreShownWithoutTheRater() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskAccepted, from: "unit-a", at: 5, id: "acc-1")
        driver.send(.taskAccepted, from: "unit-a", at: 6, id: "acc-1")
        driver.send(.taskRated, from: "unit-a", at: 7, data: [("unit", "unit-b"), ("score", 4)])
        #expect(driver.entries(.duplicate, unit: "unit-a").first?.detail == "gov.task.accepted acc-1 was received before; ignored")
        let rated = try #require(driver.entries(.rated).first)
        #expect(rated.unit == "unit-b")
        #expect(!rated.detail.contains("unit-a"))
    }

    @Test func resumedShowsTheNewDeadlines() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.taskPaused, from: "unit-a", at: 10)
        driver.send(.taskResumed, from: "unit-a", at: 70)
        let resumed = try #require(driver.entries(.resumed).first)
        #expect(resumed.detail == "deadlines moved: accept by 2026-03-02 02:00 Mon, complete by 2026-03-02 11:00 Mon")
    }

    @Test func remindersOnWorkingTimeDeadlinesSayHowMuchWorkingTimeIsLeft() throws {
        let simulation = try ExampleScenarioTests.replay()
        let reminder = try #require(simulation.timeline.first { $0.kind == .reminded && $0.detail.hasPrefix("complete deadline 50%") })
        // Wed 09:15 to Thu 17:30: 1d 8h 15m elapsed, 13h 45m of working time.
        #expect(reminder.detail.hasSuffix("13h 45m of working time left"))
    }

    @Test func inboxAndMalformedLinesAreInLocalTime() throws {
        var simulation = Simulation(engine: Engine(catalog: try EngineFixtures.exampleCatalog()), start: try #require(Timestamp(rfc3339: "2026-03-02T01:00:00Z")))
        simulation.feed(CloudEvent(id: "t-1", unit: "tax", type: .taskAccepted, caseID: "QY-9", time: Timestamp(rfc3339: "2026-03-02T01:30:00Z")))
        simulation.noteMalformed(line: 3, error: EventError(.notJSON, "bad"))
        #expect(simulation.timeline.map(\.local) == ["2026-03-02 09:30 Mon", "2026-03-02 09:30 Mon"])
    }

    @Test func untilAcceptsADayInTheCalendarsZone() throws {
        let catalog = try EngineFixtures.exampleCatalog()
        let simulation = Simulation(engine: Engine(catalog: catalog))
        #expect(simulation.displayCalendar.startOfDay(iso: "2026-03-06") == Timestamp(rfc3339: "2026-03-05T16:00:00Z"))
        #expect(simulation.displayCalendar.startOfDay(iso: "2026-3-6") == nil)
    }
}
