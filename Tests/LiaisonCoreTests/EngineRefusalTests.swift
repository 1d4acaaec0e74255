import Testing
@testable import LiaisonCore

@Suite("Events that do not fit are refused and change nothing")
struct EngineRefusalTests {
    func expectRefused(_ transition: Transition, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectRefusal(transition, code, sourceLocation: sourceLocation)
    }

    @Test func aUnitThatIsNotAPartyIsRefused() throws {
        var driver = try CaseDriver()
        driver.open()
        expectRefused(driver.send(.taskAccepted, from: "stranger", at: 5), "not-a-party")
    }

    @Test func aTaskNeverAssignedIsRefused() throws {
        var driver = try CaseDriver()
        driver.open("chain")
        expectRefused(driver.send(.taskCompleted, from: "unit-b", at: 5, data: [("outcome", "approved")]), "not-assigned")
    }

    @Test func aSecondCompletionIsRefused() throws {
        var driver = try CaseDriver()
        driver.open()
        driver.complete("unit-a", at: 5)
        expectRefused(driver.send(.taskCompleted, from: "unit-a", at: 6, data: [("outcome", "rejected")]), "already-completed")
    }

    @Test func anActOnAClosedCaseIsRefused() throws {
        var driver = try CaseDriver()
        driver.open("first")
        driver.complete("unit-a", at: 5)
        expectRefused(driver.send(.taskAccepted, from: "unit-b", at: 6), "case-closed")
        expectRefused(driver.send(.taskRated, from: "unit-b", at: 6, data: [("unit", "unit-a"), ("score", 5)]), "case-closed")
    }

    @Test func aTimeTooFarInTheFutureIsRefused() throws {
        var driver = try CaseDriver()
        driver.open()
        let event = CloudEvent(id: "f", unit: "unit-a", type: .taskAccepted, caseID: "C1", time: EngineFixtures.minutes(30))
        let transition = driver.simulation.engine.apply(.event(event), to: driver.state, now: EngineFixtures.minutes(20))
        expectRefused(transition, "future-time")
    }

    @Test func anUnknownMatterIsRefused() throws {
        var driver = try CaseDriver()
        expectRefused(driver.open("tea-party"), "unknown-matter")
        #expect(driver.state == nil)
    }

    @Test func aDuplicateEventIdChangesNothing() throws {
        var driver = try CaseDriver()
        driver.open()
        driver.send(.taskAccepted, from: "unit-a", at: 5, id: "dup")
        let before = driver.state
        let again = driver.send(.taskCompleted, from: "unit-a", at: 6, data: [("outcome", "approved")], id: "dup")
        #expect(again == .duplicateEvent && again.duplicate && again.refusal == nil)
        #expect(driver.state == before)
    }

    @Test func withdrawalClosesTheCaseAndCancelsEveryTaskAndTimer() throws {
        var driver = try CaseDriver()
        driver.open()
        driver.send(.caseWithdrawn, from: "service-window", at: 5, data: [("reason", "申请人撤回")])
        #expect(driver.state?.status == .withdrawn)
        #expect(driver.outputs("liaison.task.cancelled").count == 3)
        #expect(driver.simulation.timers.count == 0)
        #expect(driver.outputs("liaison.case.closed").first?.data["outcome"]?.stringValue == "withdrawn")
    }
}
