import Testing
@testable import LiaisonCore

/// The open and overdue gauges are sums of deltas; these scripts check the sums after each act.
@Suite("Open and overdue task gauges")
struct EngineGaugeTests {
    /// The gauge now: the sum of every delta emitted so far for this scope and name.
    func gauge(_ driver: CaseDriver, _ name: MetricDelta.Name, _ scope: MetricDelta.Scope) -> Int64 {
        driver.simulation.metrics.filter { $0.scope == scope && $0.name == name }.reduce(0) { $0 + $1.value }
    }

    func open(_ driver: CaseDriver, _ unit: String) -> Int64 { gauge(driver, .openTasks, .unit(unit)) }
    func overdue(_ driver: CaseDriver, _ unit: String) -> Int64 { gauge(driver, .overdueTasks, .unit(unit)) }

    @Test func aMissedAcceptDeadlineIsOverdueUntilTheLateAcceptanceAndAWithdrawalClosesEverything() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        #expect(open(driver, "unit-a") == 1 && open(driver, "unit-b") == 1)
        #expect(gauge(driver, .openTasks, .workflow("joint")) == 2)
        driver.send(.taskAccepted, from: "unit-a", at: 10)
        driver.simulation.advance(to: EngineFixtures.minutes(61))
        #expect(overdue(driver, "unit-a") == 0)
        #expect(overdue(driver, "unit-b") == 1)
        #expect(gauge(driver, .overdueTasks, .workflow("joint")) == 1)
        driver.send(.taskAccepted, from: "unit-b", at: 70)
        #expect(overdue(driver, "unit-b") == 0)
        #expect(open(driver, "unit-b") == 1)
        driver.send(.caseWithdrawn, from: "lead-office", at: 80)
        #expect(open(driver, "unit-a") == 0 && open(driver, "unit-b") == 0)
        #expect(gauge(driver, .openTasks, .workflow("joint")) == 0)
        #expect(gauge(driver, .overdueTasks, .workflow("joint")) == 0)
    }

    @Test func aDeclinedTaskStaysOpenAndTurnsOverdueUntilTheLeadReassignsIt() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        #expect(open(driver, "unit-a") == 1)
        driver.simulation.advance(to: EngineFixtures.minutes(61))
        #expect(overdue(driver, "unit-a") == 1)
        driver.send(.taskReassigned, from: "lead-office", at: 70, data: [("from", "unit-a"), ("to", "unit-z")])
        #expect(open(driver, "unit-a") == 0 && overdue(driver, "unit-a") == 0)
        #expect(open(driver, "unit-z") == 1 && overdue(driver, "unit-z") == 0)
        #expect(gauge(driver, .openTasks, .workflow("joint")) == 2)
    }

    @Test func aMissedCompletionDeadlineCountsUntilCompletionAndTheNextStageOpensTheLeadsTask() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskAccepted, from: "unit-a", at: 10)
        driver.send(.taskAccepted, from: "unit-b", at: 10)
        driver.simulation.advance(to: EngineFixtures.minutes(601))
        #expect(gauge(driver, .overdueTasks, .workflow("joint")) == 2)
        driver.complete("unit-a", at: 610)
        #expect(overdue(driver, "unit-a") == 0 && open(driver, "unit-a") == 0)
        driver.complete("unit-b", at: 620)
        #expect(driver.state?.stageID == "decision")
        #expect(open(driver, "lead-office") == 1)
        #expect(gauge(driver, .openTasks, .workflow("joint")) == 1)
        #expect(gauge(driver, .overdueTasks, .workflow("joint")) == 0)
        driver.complete("lead-office", at: 630)
        #expect(gauge(driver, .openTasks, .workflow("joint")) == 0)
    }

    @Test func aPausedOverdueTaskStaysOverdueAndItsResumedClockDoesNotUndoIt() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.simulation.advance(to: EngineFixtures.minutes(61))
        #expect(overdue(driver, "unit-a") == 1)
        driver.send(.taskPaused, from: "unit-a", at: 65)
        driver.send(.taskResumed, from: "unit-a", at: 90)
        #expect(overdue(driver, "unit-a") == 1)
        driver.complete("unit-a", at: 95)
        #expect(overdue(driver, "unit-a") == 0 && open(driver, "unit-a") == 0)
    }
}
