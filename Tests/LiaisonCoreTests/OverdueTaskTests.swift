import Testing
@testable import LiaisonCore

/// The supervising office's list (the cockpit's overdue view): who is late on what, by how
/// much, and how far up the ladder it went. Fixture: accept within 1h (ladder at 60 and 90 min).
@Suite("Overdue tasks as the supervising office lists them")
struct OverdueTaskTests {
    @Test func aTaskPastItsAcceptDeadlineIsListedWithItsLadderLevel() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskAccepted, from: "unit-b", at: 5)
        driver.simulation.advance(to: EngineFixtures.minutes(61))
        let workflow = try #require(try EngineFixtures.catalog().workflow(id: "joint", version: 1))
        let state = try #require(driver.state)
        let overdue = state.overdueTasks(workflow: workflow, now: EngineFixtures.minutes(61))
        #expect(overdue.map(\.owner) == ["unit-a"])
        #expect(overdue.first?.deadline == "accept")
        #expect(overdue.first?.due == EngineFixtures.minutes(60))
        #expect(overdue.first?.level == 1 && overdue.first?.levels == 2)
        driver.simulation.advance(to: EngineFixtures.minutes(91))
        #expect(driver.state?.overdueTasks(workflow: workflow, now: EngineFixtures.minutes(91)).first?.level == 2)
    }

    @Test func aDeclinedTaskIsTheLeadsToReassign() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        driver.simulation.advance(to: EngineFixtures.minutes(61))
        let workflow = try EngineFixtures.catalog().workflow(id: "joint", version: 1)
        let overdue = try #require(driver.state).overdueTasks(workflow: workflow, now: EngineFixtures.minutes(61))
        #expect(overdue.map(\.owner) == ["lead-office"])
        #expect(overdue.first?.taskUnit == "unit-a")
        #expect(overdue.first?.deadline == "reassign")
    }

    @Test func nothingIsListedBeforeADeadlinePasses() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.simulation.advance(to: EngineFixtures.minutes(59))
        let workflow = try EngineFixtures.catalog().workflow(id: "joint", version: 1)
        #expect(try #require(driver.state).overdueTasks(workflow: workflow, now: EngineFixtures.minutes(59)).isEmpty)
    }
}
