import Testing
@testable import LiaisonCore

/// Catalog of the parallel fixture with a unit registry, so unknown units can be refused.
private func registeredCatalog() throws -> WorkflowCatalog {
    let units = """
        units:
          - { id: service-window, name: 窗口 }
          - { id: lead-office, name: 牵头 }
          - { id: supervisor-office, name: 督查 }
          - { id: mayor-office, name: 市长 }
          - { id: unit-a, name: 甲 }
          - { id: unit-b, name: 乙 }
          - { id: unit-c, name: 丙 }
          - { id: unit-d, name: 丁 }
          - { id: housing, name: 住建 }
        """
    return try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: EngineFixtures.parallel)], calendars: [],
                                    units: SourceFile(path: "units.yaml", text: units))
}

@Suite("Only the opener or the lead withdraws a case")
struct WithdrawalAuthorityTests {
    @Test func aUnitThatIsNoPartyCannotWithdrawACase() throws {
        var driver = try CaseDriver()
        driver.open()
        expectRefusal(driver.send(.caseWithdrawn, from: "housing", at: 5, data: [("reason", "x")]), "not-allowed-to-withdraw")
        #expect(driver.state?.status == .open)
        #expect(driver.outputs("liaison.task.cancelled").isEmpty)
    }

    @Test func aCollaboratorCannotWithdrawACaseEither() throws {
        var driver = try CaseDriver()
        driver.open()
        expectRefusal(driver.send(.caseWithdrawn, from: "unit-a", at: 5), "not-allowed-to-withdraw")
    }

    @Test func theLeadAndTheOpeningUnitMayWithdraw() throws {
        for unit in ["lead-office", "service-window"] {
            var driver = try CaseDriver()
            driver.open()
            driver.send(.caseWithdrawn, from: unit, at: 5)
            #expect(driver.state?.status == .withdrawn, "\(unit)")
        }
    }

    @Test func aStrangersWithdrawalWaitingInTheInboxDoesNotKillTheCaseWhenItOpens() throws {
        var driver = try CaseDriver()
        driver.send(.caseWithdrawn, from: "housing", at: 0)
        driver.open(at: 1)
        #expect(driver.state?.status == .open)
        #expect(driver.entries(.refused).contains { $0.detail.contains("not-allowed-to-withdraw") })
    }
}

@Suite("Only units a workflow names may open its cases")
struct OpeningAuthorityTests {
    @Test func anOpeningFromAnotherUnitIsRefusedAndLeavesTheIdFree() throws {
        var driver = try CaseDriver()
        let claim = driver.send(.caseOpened, from: "housing", at: 0, data: [("matter", "joint"), ("lead", "housing")])
        expectRefusal(claim, "not-an-opener")
        #expect(driver.state == nil)
        let real = driver.open(at: 1)
        #expect(real.refusal == nil)
        #expect(driver.state?.lead == "lead-office" && driver.state?.openedBy == "service-window")
    }

    @Test func withoutStartByTheLeadTheFileNamesOpens() throws {
        let text = EngineFixtures.parallel.replacingOccurrences(of: ", by: [service-window]", with: "")
        let workflow = try #require(try EngineFixtures.catalog([text]).workflows.first)
        #expect(workflow.openers == ["lead-office"])
    }

    @Test func aLeadFromDataWithoutADefaultNeedsStartBy() throws {
        let text = EngineFixtures.sequential
            .replacingOccurrences(of: ", by: [service-window]", with: "")
            .replacingOccurrences(of: "lead: lead-office", with: "lead: { from: data.lead }")
        #expect(throws: DefinitionErrors.self) { try EngineFixtures.catalog([text]) }
    }

    @Test func anOpeningNamingAnUnregisteredCollaboratorIsRefused() throws {
        var driver = try CaseDriver(catalog: try registeredCatalog())
        expectRefusal(driver.open(collaborators: ["unit-a", "ghost-unit"]), "unknown-unit")
        #expect(driver.state == nil)
    }
}

@Suite("Ratings come from parties about other parties, once per pair")
struct RatingAuthorityTests {
    func ratingNumbers(_ driver: CaseDriver, _ unit: String) -> (sum: Int64, count: Int64) {
        var contribution = MetricContribution()
        for delta in driver.simulation.metrics where delta.scope == .unit(unit) { contribution.add(delta) }
        return (contribution.ratingSum, contribution.ratingCount)
    }

    @Test func aUnitOutsideTheCaseCannotRate() throws {
        var driver = try CaseDriver()
        driver.open()
        expectRefusal(driver.send(.taskRated, from: "housing", at: 5, data: [("unit", "unit-a"), ("score", 1)]), "rater-not-a-party")
    }

    @Test func aUnitOutsideTheCaseCannotBeRated() throws {
        var driver = try CaseDriver()
        driver.open()
        expectRefusal(driver.send(.taskRated, from: "unit-a", at: 5, data: [("unit", "invented-unit-123"), ("score", 1)]), "rated-not-a-party")
        #expect(!driver.simulation.metrics.contains { $0.scope == .unit("invented-unit-123") })
    }

    @Test func aLaterRatingOfTheSameUnitReplacesTheEarlierOne() throws {
        var driver = try CaseDriver()
        driver.open()
        driver.send(.taskRated, from: "unit-a", at: 5, data: [("unit", "unit-b"), ("score", 1)])
        driver.send(.taskRated, from: "unit-a", at: 6, data: [("unit", "unit-b"), ("score", 1)])
        driver.send(.taskRated, from: "unit-a", at: 7, data: [("unit", "unit-b"), ("score", 4)])
        driver.send(.taskRated, from: "lead-office", at: 8, data: [("unit", "unit-b"), ("score", 2)])
        let numbers = ratingNumbers(driver, "unit-b")
        #expect(numbers.count == 2 && numbers.sum == 6)
        #expect(driver.state?.ratings.count == 2)
    }
}

@Suite("The lead reassigns only to a registered unit without a task in the stage")
struct ReassignAuthorityTests {
    @Test func aReassignmentToAnUnregisteredUnitIsRefused() throws {
        var driver = try CaseDriver(catalog: try registeredCatalog())
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        let refused = driver.send(.taskReassigned, from: "lead-office", at: 20, data: [("from", "unit-a"), ("to", "unit-dd")])
        expectRefusal(refused, "unknown-unit")
        #expect(refused.refusal?.reason.contains("did you mean unit-d") == true)
    }

    @Test func aReassignmentToAUnitThatCompletedInTheStageIsRefused() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.complete("unit-b", at: 5)
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        let refused = driver.send(.taskReassigned, from: "lead-office", at: 20, data: [("from", "unit-a"), ("to", "unit-b")])
        expectRefusal(refused, "already-assigned")
        #expect(refused.refusal?.reason.contains("already completed") == true)
    }

    @Test func aReassignmentToTheSameUnitSaysSo() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        expectRefusal(driver.send(.taskReassigned, from: "lead-office", at: 20, data: [("from", "unit-a"), ("to", "unit-a")]), "same-unit")
    }

    @Test func aLeadsDeclineSaysTheLeadCannotDecline() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        expectRefusal(driver.send(.taskDeclined, from: "lead-office", at: 10), "lead-cannot-decline")
    }
}

@Suite("A decided event delivered again changes nothing")
struct RedeliveryTests {
    @Test func aRefusedResumeDeliveredAgainAfterAPauseIsADuplicate() throws {
        var driver = try CaseDriver()
        driver.open()
        expectRefusal(driver.send(.taskResumed, from: "unit-a", at: 5, id: "r-1"), "not-paused")
        driver.send(.taskPaused, from: "unit-a", at: 6, id: "p-1")
        let again = driver.send(.taskResumed, from: "unit-a", at: 7, id: "r-1")
        #expect(again.duplicate)
        #expect(driver.state?.tasks.first { $0.unit == "unit-a" }?.pausedAt != nil)
    }

    @Test func aRefusedActFromAUnitThatLaterBecomesAPartyStaysRefused() throws {
        var driver = try CaseDriver(catalog: try registeredCatalog())
        driver.open(collaborators: ["unit-a", "unit-b"])
        expectRefusal(driver.send(.taskAccepted, from: "unit-d", at: 5, id: "d-1"), "not-a-party")
        driver.send(.taskDeclined, from: "unit-a", at: 6)
        driver.send(.taskReassigned, from: "lead-office", at: 7, data: [("from", "unit-a"), ("to", "unit-d")])
        #expect(driver.send(.taskAccepted, from: "unit-d", at: 8, id: "d-1").duplicate)
        #expect(driver.status(of: "unit-d") == .assigned)
    }

    @Test func twoUnitsMayUseTheSameEventID() throws {
        var driver = try CaseDriver()
        driver.open()
        driver.send(.taskAccepted, from: "unit-a", at: 5, id: "ack-1")
        let second = driver.send(.taskAccepted, from: "unit-b", at: 5, id: "ack-1")
        #expect(!second.duplicate)
        #expect(driver.status(of: "unit-b") == .accepted)
    }

    @Test func oneSenderFloodingACaseOnlyPushesOutItsOwnIDs() throws {
        let engine = Engine(catalog: try EngineFixtures.catalog(), settings: EngineSettings(seenEventsPerUnit: 16))
        var driver = try CaseDriver()
        driver.simulation = Simulation(engine: engine, start: EngineFixtures.start)
        driver.open()
        driver.send(.taskAccepted, from: "unit-b", at: 1, id: "b-accept")
        for n in 0..<500 {
            driver.send(.taskRated, from: "unit-a", at: 2, data: [("unit", "unit-c"), ("score", 3)], id: "flood-\(n)")
        }
        let seen = try #require(driver.state?.seenEvents)
        #expect(seen.filter { $0.unit == "unit-a" }.count == 16)
        #expect(seen.contains { $0.unit == "unit-b" && $0.id == "b-accept" })
        #expect(driver.state.map { $0.encoded().count } ?? 0 < 2_048)
    }
}

@Suite("Times far in the past are refused")
struct PastTimeTests {
    @Test func anOpeningDated1970IsRefusedAndFiresNothing() throws {
        let engine = Engine(catalog: try EngineFixtures.catalog())
        let event = CloudEvent(id: "old", unit: "service-window", type: .caseOpened, caseID: "C1",
                               time: Timestamp(milliseconds: 0), data: .object([("matter", "joint")]))
        let transition = engine.apply(.event(event), to: nil, now: EngineFixtures.start)
        expectRefusal(transition, "past-time")
        #expect(transition.state == nil)
    }

    @Test func anEventWithinTheBoundIsApplied() throws {
        let engine = Engine(catalog: try EngineFixtures.catalog())
        let event = CloudEvent(id: "recent", unit: "service-window", type: .caseOpened, caseID: "C1",
                               time: EngineFixtures.start.adding(milliseconds: -29 * 86_400_000), data: .object([("matter", "joint")]))
        #expect(engine.apply(.event(event), to: nil, now: EngineFixtures.start).refusal == nil)
    }
}
