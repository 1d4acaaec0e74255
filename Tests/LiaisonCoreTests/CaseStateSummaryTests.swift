import Testing
@testable import LiaisonCore

@Suite("A case's operator summary says where it is and who owes what")
struct CaseStateSummaryTests {
    @Test func anOpenCaseShowsItsStageTasksAndDeadlines() throws {
        var driver = try CaseDriver()
        driver.open()
        driver.send(.taskAccepted, from: "unit-a", at: 10)
        driver.complete("unit-b", at: 20)
        let state = try #require(driver.state)
        let summary = state.summary(workflow: try EngineFixtures.catalog().workflow(id: "joint", version: 1))
        #expect(summary["workflow"] == .string("joint"))
        #expect(summary["version"] == .integer(1))
        #expect(summary["status"] == .string("open"))
        #expect(summary["stage"] == .string("review"))
        #expect(summary["lead"] == .string("lead-office"))
        #expect(summary["openedAt"] == .string(EngineFixtures.start.rfc3339))
        guard case .array(let tasks)? = summary["tasks"] else { Issue.record("no tasks"); return }
        #expect(tasks.map { $0["unit"] } == [.string("unit-a"), .string("unit-b"), .string("unit-c")])
        #expect(tasks.map { $0["state"] } == [.string("accepted"), .string("completed"), .string("assigned")])
        #expect(tasks[1]["outcome"] == .string("approved"))
        #expect(tasks[0]["acceptedAt"] == .string(EngineFixtures.minutes(10).rfc3339))
        #expect(tasks[2]["acceptBy"] == .string(EngineFixtures.minutes(60).rfc3339))
        #expect(tasks[2]["completeBy"] == .string(EngineFixtures.minutes(600).rfc3339))
        #expect(summary["history"]?["eventsDecided"] == .integer(3))
    }

    @Test func aClosedCaseShowsItsOutcomeAndEveryStageItVisited() throws {
        var driver = try CaseDriver()
        driver.open()
        driver.complete("unit-a", at: 30, .rejected)
        driver.complete("lead-office", at: 40)
        driver.complete("lead-office", at: 50)
        let state = try #require(driver.state)
        let summary = state.summary(workflow: try EngineFixtures.catalog().workflow(id: "joint", version: 1))
        #expect(summary["status"] == .string("closed"))
        #expect(summary["outcome"] == .string("approved"))
        let visited = summary["history"]?["stageVisits"]
        #expect(visited == .array([
            .object([("stage", .string("review")), ("visits", .integer(1))]),
            .object([("stage", .string("arbitration")), ("visits", .integer(1))]),
            .object([("stage", .string("decision")), ("visits", .integer(1))]),
        ]))
    }

    @Test func withoutItsWorkflowStagesAreNamedByPosition() throws {
        var driver = try CaseDriver()
        driver.open()
        let summary = try #require(driver.state).summary()
        #expect(summary["history"]?["stageVisits"] == .array([.object([("stage", .integer(0)), ("visits", .integer(1))])]))
    }

    @Test func anInboxHasNoWorkflowYetAndCountsItsParkedEvents() throws {
        var driver = try CaseDriver()
        driver.complete("unit-a", at: 5)
        let state = try #require(driver.state)
        let summary = state.summary()
        #expect(summary["status"] == .string("inbox"))
        #expect(summary["workflow"] == .null)
        #expect(summary["version"] == .null)
        #expect(summary["stage"] == .null)
        #expect(summary["history"]?["eventsParked"] == .integer(1))
    }

    @Test func theSameStateAlwaysGivesTheSameBytes() throws {
        var driver = try CaseDriver()
        driver.open()
        let state = try #require(driver.state)
        let decoded = try CaseState(decoding: state.encoded())
        #expect(state.summary().serialized == decoded.summary().serialized)
    }
}
