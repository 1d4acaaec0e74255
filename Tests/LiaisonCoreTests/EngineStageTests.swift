import Testing
@testable import LiaisonCore

@Suite("Stages: parties, quorum and routing")
struct EngineStageTests {
    @Test func aParallelStageAssignsEveryPartyOnEntry() throws {
        var driver = try CaseDriver()
        driver.open()
        #expect(driver.outputs("liaison.task.assigned").compactMap(\.unit) == ["unit-a", "unit-b", "unit-c"])
        var other = try CaseDriver(caseID: "C2")
        other.open(collaborators: ["unit-x", "unit-y"])
        #expect(other.outputs("liaison.task.assigned").compactMap(\.unit) == ["unit-x", "unit-y"])
    }

    @Test func aSequentialStageAssignsTheNextPartyWhenThePreviousCompletes() throws {
        var driver = try CaseDriver()
        driver.open("chain")
        #expect(driver.outputs("liaison.task.assigned").compactMap(\.unit) == ["unit-a"])
        driver.complete("unit-a", at: 60)
        let assigned = driver.outputs("liaison.task.assigned")
        #expect(assigned.compactMap(\.unit) == ["unit-a", "unit-b"])
        #expect(assigned.last?.time == EngineFixtures.minutes(60))
        #expect(assigned.last?.data["completeBy"]?.stringValue == EngineFixtures.minutes(180).rfc3339)
    }

    @Test func anApprovedStageRoutesToItsApprovedNext() throws {
        var driver = try CaseDriver()
        driver.open()
        for unit in ["unit-a", "unit-b", "unit-c"] { driver.complete(unit, at: 30) }
        #expect(driver.state?.stageID == "decision")
        #expect(driver.status(of: "lead-office") == .assigned)
    }

    @Test func aRejectionUnderAllEndsTheStageAndCancelsOpenTasks() throws {
        var driver = try CaseDriver()
        driver.open()
        driver.complete("unit-a", at: 30, .rejected)
        #expect(driver.state?.stageID == "arbitration")
        #expect(driver.outputs("liaison.task.cancelled").compactMap(\.unit) == ["unit-b", "unit-c"])
        let pending = driver.simulation.timers.pending.map(\.id)
        #expect(!pending.contains { $0.contains("/review/") })
    }

    @Test func aQuorumStageSurvivesARejectionWhileTheQuorumCanStillBeMet() throws {
        var driver = try CaseDriver()
        driver.open("vote")
        driver.complete("unit-a", at: 10, .rejected)
        #expect(driver.state?.status == .open)
        driver.complete("unit-b", at: 20)
        #expect(driver.state?.status == .open)
        driver.complete("unit-c", at: 30, .done)
        #expect(driver.state?.status == .closed(.approved))
    }

    @Test func aQuorumStageIsRejectedOnceTheQuorumCannotBeMet() throws {
        var driver = try CaseDriver()
        driver.open("vote")
        driver.complete("unit-a", at: 10, .rejected)
        driver.complete("unit-b", at: 20, .rejected)
        #expect(driver.state?.status == .closed(.rejected))
        #expect(driver.outputs("liaison.task.cancelled").compactMap(\.unit) == ["unit-c"])
    }

    @Test func anyMeansTheFirstApprovalEndsTheStage() throws {
        var driver = try CaseDriver()
        driver.open("first")
        driver.complete("unit-b", at: 10)
        #expect(driver.state?.status == .closed(.approved))
        #expect(driver.outputs("liaison.task.cancelled").compactMap(\.unit) == ["unit-a"])
    }

    @Test func theCaseClosesWithTheLastStagesOutcome() throws {
        var driver = try CaseDriver()
        driver.open()
        for unit in ["unit-a", "unit-b", "unit-c"] { driver.complete(unit, at: 30) }
        driver.complete("lead-office", at: 40, .rejected)
        #expect(driver.state?.status == .closed(.rejected))
        #expect(driver.outputs("liaison.case.closed").first?.data["outcome"]?.stringValue == "rejected")
        #expect(driver.simulation.timers.count == 0)
    }
}
