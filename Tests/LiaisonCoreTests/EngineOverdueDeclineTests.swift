import Testing
@testable import LiaisonCore

/// The fixture's review stage: accept within 1h (due minute 60, ladder 60 and 90), complete
/// within 10h (due minute 600, reminders 300 and 480, ladder 600 and 900).
@Suite("Declining after a deadline has passed")
struct EngineOverdueDeclineTests {
    @Test func aDeclineAfterTheAcceptDeadlineHandsTheLeadTheCompletionDeadline() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.simulation.advance(to: EngineFixtures.minutes(70))
        let before = driver.outputs("liaison.task.escalated").count
        driver.send(.taskDeclined, from: "unit-a", at: 70, data: [("reason", "非本部门职责")])
        #expect(driver.outputs("liaison.task.declined").first?.data["reassignBy"]?.stringValue == EngineFixtures.minutes(600).rfc3339)
        driver.simulation.runUntilIdle()
        let reminders = driver.outputs("liaison.task.reminder").filter { $0.time > EngineFixtures.minutes(70) }
        #expect(reminders.map(\.time) == [EngineFixtures.minutes(300), EngineFixtures.minutes(480)])
        #expect(reminders.allSatisfy { $0.data["remind"]?.stringValue == "lead-office" && $0.data["deadline"]?.stringValue == "reassign" })
        let escalations = driver.outputs("liaison.task.escalated").dropFirst(before)
        #expect(escalations.map(\.time) == [EngineFixtures.minutes(600), EngineFixtures.minutes(900)])
        #expect(escalations.allSatisfy { $0.data["lateUnit"]?.stringValue == "lead-office" })
        #expect(escalations.map { $0.data["escalatedTo"]?.stringValue } == ["supervisor-office", "mayor-office"])
    }

    @Test func aDeclineAfterTheCompletionDeadlineEscalatesTheNextLevelAtOnce() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.taskAccepted, from: "unit-a", at: 10)
        driver.simulation.advance(to: EngineFixtures.minutes(700))
        #expect(driver.outputs("liaison.task.escalated").map { $0.data["level"]?.integerValue } == [1])
        driver.send(.taskDeclined, from: "unit-a", at: 700)
        let now = driver.outputs("liaison.task.escalated").filter { $0.time == EngineFixtures.minutes(700) }
        #expect(now.map { $0.data["level"]?.integerValue } == [2])
        #expect(now.first?.data["lateUnit"]?.stringValue == "lead-office")
        #expect(now.first?.data["escalatedTo"]?.stringValue == "mayor-office")
        #expect(now.first?.data["overdueMilliseconds"] == .integer(6_000_000), "100 minutes past the completion deadline")
        driver.simulation.runUntilIdle()
        #expect(driver.outputs("liaison.task.escalated").count == 2, "the level that fired at once does not fire again at its mark")
    }

    @Test func aDeclineAfterTheWholeLadderFiredEscalatesTheTopLevelAgainstTheLead() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.taskAccepted, from: "unit-a", at: 10)
        driver.simulation.advance(to: EngineFixtures.minutes(1_000))
        driver.send(.taskDeclined, from: "unit-a", at: 1_000)
        let last = try #require(driver.outputs("liaison.task.escalated").last)
        #expect(last.time == EngineFixtures.minutes(1_000))
        #expect(last.data["lateUnit"]?.stringValue == "lead-office")
        #expect(last.data["level"]?.integerValue == 2)
        let ids = driver.outputs("liaison.task.escalated").map(\.id)
        #expect(Set(ids).count == ids.count, "a consumer dropping duplicate ids must still see the lead's escalation")
    }
}
