import Testing
@testable import LiaisonCore

@Suite("Declines and reassignment")
struct EngineDeclineTests {
    @Test func aDeclineTellsTheLeadWhoReassignsWithFreshDeadlines() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskDeclined, from: "unit-a", at: 10, data: [("reason", "非本部门职责"), ("suggest", "unit-z")])
        let declined = try #require(driver.outputs("liaison.task.declined").first)
        #expect(declined.topic == .cases)
        #expect(declined.data["lead"]?.stringValue == "lead-office")
        #expect(declined.data["reassignBy"]?.stringValue == EngineFixtures.minutes(60).rfc3339)
        driver.send(.taskReassigned, from: "lead-office", at: 40, data: [("from", "unit-a"), ("to", "unit-z")])
        #expect(driver.status(of: "unit-a") == .reassigned)
        let fresh = try #require(driver.state?.tasks.last)
        #expect(fresh.unit == "unit-z")
        #expect(fresh.acceptBy == EngineFixtures.minutes(100))
        #expect(driver.simulation.metrics.contains(MetricDelta(scope: .unit("unit-a"), name: .declines, day: "2026-03-02")))
        #expect(driver.simulation.metrics.contains(MetricDelta(scope: .unit("unit-a"), name: .reassignments, day: "2026-03-02")))
        driver.simulation.advance(to: EngineFixtures.minutes(99))
        #expect(!driver.outputs("liaison.task.escalated").contains { $0.data["taskUnit"]?.stringValue != "unit-b" })
        driver.complete("unit-z", at: 99)
        driver.complete("unit-b", at: 99)
        #expect(driver.state?.stageID == "decision")
    }

    @Test func withoutAReassignmentTheLadderRunsAgainstTheLead() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        driver.simulation.advance(to: EngineFixtures.minutes(100))
        let reminders = driver.outputs("liaison.task.reminder")
        #expect(reminders.map { $0.data["remind"]?.stringValue } == ["lead-office", "lead-office"])
        let escalations = driver.outputs("liaison.task.escalated")
        #expect(escalations.map { $0.data["lateUnit"]?.stringValue } == ["lead-office", "lead-office"])
        #expect(escalations.map { $0.data["deadline"]?.stringValue } == ["reassign", "reassign"])
        #expect(driver.simulation.summary.first { $0.unit == "lead-office" }?.escalations == 2)
    }

    @Test func onlyTheLeadCanReassign() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        let transition = driver.send(.taskReassigned, from: "unit-b", at: 20, data: [("from", "unit-a"), ("to", "unit-z")])
        expectRefusal(transition, "not-the-lead")
        #expect(driver.status(of: "unit-a") == .declined)
    }
}

@Suite("Declining after accepting")
struct EngineLateDeclineTests {
    @Test func aDeclineAfterAcceptingLeavesTheLeadTheCompletionDeadline() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.taskAccepted, from: "unit-a", at: 10)
        driver.send(.taskDeclined, from: "unit-a", at: 20)
        #expect(driver.outputs("liaison.task.declined").first?.data["reassignBy"]?.stringValue == EngineFixtures.minutes(600).rfc3339)
        driver.simulation.runUntilIdle()
        let escalations = driver.outputs("liaison.task.escalated")
        #expect(escalations.map { $0.data["lateUnit"]?.stringValue } == ["lead-office", "lead-office"])
        #expect(escalations.first?.time == EngineFixtures.minutes(600))
    }
}
