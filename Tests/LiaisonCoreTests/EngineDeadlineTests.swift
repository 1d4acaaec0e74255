import Testing
@testable import LiaisonCore

@Suite("Deadlines, reminders and escalations")
struct EngineDeadlineTests {
    @Test func aUnitThatNeverAcceptsIsRemindedThenEscalatedUpTheLadder() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.simulation.advance(to: EngineFixtures.minutes(100))
        let reminders = driver.outputs("liaison.task.reminder")
        #expect(reminders.map(\.time) == [EngineFixtures.minutes(30), EngineFixtures.minutes(48)])
        #expect(reminders.map { $0.data["deadline"]?.stringValue } == ["accept", "accept"])
        #expect(reminders.first?.data["leftMilliseconds"] == .integer(1_800_000))
        #expect(reminders.first?.id == "C1/review/unit-a/reminder/accept/50")
        let escalations = driver.outputs("liaison.task.escalated")
        #expect(escalations.map { $0.data["escalatedTo"]?.stringValue } == ["supervisor-office", "mayor-office"])
        #expect(escalations.map { $0.data["level"]?.integerValue } == [1, 2])
        #expect(escalations.map { $0.data["overdueMilliseconds"]?.integerValue } == [0, 30 * 60_000])
        #expect(escalations.allSatisfy { $0.data["lateUnit"]?.stringValue == "unit-a" && $0.data["lead"]?.stringValue == "lead-office" })
    }

    @Test func acceptingCancelsThePendingAcceptMarksOnly() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.taskAccepted, from: "unit-a", at: 20)
        driver.simulation.advance(to: EngineFixtures.minutes(400))
        #expect(driver.outputs("liaison.task.reminder").map { $0.data["deadline"]?.stringValue } == ["complete"])
        #expect(driver.outputs("liaison.task.reminder").first?.time == EngineFixtures.minutes(300))
        #expect(driver.outputs("liaison.task.escalated").isEmpty)
    }

    @Test func completingOnTimeCancelsEveryMarkAndCountsOnTime() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.complete("unit-a", at: 10)
        #expect(!driver.simulation.timers.pending.contains { $0.id.contains("unit-a") })
        #expect(driver.simulation.summary.first { $0.unit == "unit-a" }?.onTime == 1)
        #expect(driver.simulation.metrics.contains(MetricDelta(scope: .unit("unit-a"), name: .acceptMilliseconds, value: 600_000, day: "2026-03-02")))
    }

    @Test func deadlinesCountFromTheAssigningEventsTime() throws {
        var driver = try CaseDriver()
        driver.open(at: 7)
        let task = try #require(driver.state?.tasks.first)
        #expect(task.acceptBy == EngineFixtures.minutes(67))
        #expect(task.completeBy == EngineFixtures.minutes(607))
    }

    @Test func aPauseMovesEveryOpenDeadlineOfTheTask() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.taskPaused, from: "unit-a", at: 10, data: [("reason", "补正材料")])
        driver.simulation.advance(to: EngineFixtures.minutes(65))
        #expect(driver.outputs("liaison.task.reminder").isEmpty)
        driver.send(.taskResumed, from: "unit-a", at: 70)
        let task = try #require(driver.state?.tasks.first)
        #expect(task.acceptBy == EngineFixtures.minutes(120))
        #expect(task.completeBy == EngineFixtures.minutes(660))
        driver.simulation.advance(to: EngineFixtures.minutes(100))
        #expect(driver.outputs("liaison.task.reminder").map(\.time) == [EngineFixtures.minutes(90)])
    }

    @Test func aRunningCaseKeepsItsWorkflowVersion() throws {
        let v1 = try EngineFixtures.catalog([EngineFixtures.sequential])
        let v2Text = EngineFixtures.sequential.replacingOccurrences(of: "version: 1", with: "version: 2")
            .replacingOccurrences(of: "complete_within: 2h", with: "complete_within: 9h")
        let both = try EngineFixtures.catalog([EngineFixtures.sequential, v2Text])
        let open = CloudEvent(id: "o", unit: "service-window", type: .caseOpened, caseID: "K", time: EngineFixtures.start, data: .object([("matter", "chain")]))
        let opened = try #require(Engine(catalog: v1).apply(.event(open), to: nil, now: EngineFixtures.start).state)
        let done = CloudEvent(id: "d", unit: "unit-a", type: .taskCompleted, caseID: "K", time: EngineFixtures.minutes(10), data: .object([("outcome", "approved")]))
        let next = try #require(Engine(catalog: both).apply(.event(done), to: opened, now: EngineFixtures.minutes(10)).state)
        #expect(next.version == 1)
        #expect(next.tasks.last?.completeBy == EngineFixtures.minutes(130))
        let fresh = Engine(catalog: both).apply(.event(open), to: nil, now: EngineFixtures.start).state
        #expect(fresh?.version == 2)
    }
}
