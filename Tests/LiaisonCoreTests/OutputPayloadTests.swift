import Testing
@testable import LiaisonCore

/// The output payloads a dashboard team builds on (deploy/contracts): every record names the
/// workflow version and the stage visit it belongs to, ids and payloads say the same deadline,
/// and the records a department filters carry its unit in a header.
@Suite("Output payloads carry what consumers need without parsing ids")
struct OutputPayloadTests {
    /// A review that goes back to itself on rejection: the second visit is `review@2` in ids.
    static let loop = """
        id: loop
        version: 3
        start: { on: gov.case.opened, when: { matter: loop }, by: [service-window] }
        lead: lead-office
        stages:
          - id: review
            parties: [unit-a]
            complete_within: 2h
            next: { approved: end, rejected: review }
        """

    @Test func stageEnteredNamesTheVersionTheVisitAndTheLead() throws {
        var driver = try CaseDriver(catalog: try EngineFixtures.catalog([Self.loop]))
        driver.open("loop")
        driver.complete("unit-a", at: 10, .rejected)
        let entered = driver.outputs("liaison.case.stage_entered")
        #expect(entered.map { $0.data["version"] } == [.integer(3), .integer(3)])
        #expect(entered.map { $0.data["visit"] } == [.integer(1), .integer(2)])
        #expect(entered.map(\.id) == ["C1/review/entered", "C1/review@2/entered"])
        #expect(entered.allSatisfy { $0.data["lead"]?.stringValue == "lead-office" })
    }

    @Test func taskOutputsOfASecondVisitSayVisitTwo() throws {
        var driver = try CaseDriver(catalog: try EngineFixtures.catalog([Self.loop]))
        driver.open("loop")
        driver.complete("unit-a", at: 10, .rejected)
        let assigned = driver.outputs("liaison.task.assigned")
        #expect(assigned.map { $0.data["visit"] } == [.integer(1), .integer(2)])
        #expect(assigned.last?.id == "C1/review@2/unit-a/assigned")
        #expect(driver.outputs("liaison.task.state_changed").first?.data["visit"] == .integer(1))
    }

    @Test func caseClosedNamesTheVersionAndTheLead() throws {
        var driver = try CaseDriver(catalog: try EngineFixtures.catalog([Self.loop]))
        driver.open("loop")
        driver.complete("unit-a", at: 10)
        let closed = try #require(driver.outputs("liaison.case.closed").first)
        #expect(closed.data["version"] == .integer(3))
        #expect(closed.data["lead"]?.stringValue == "lead-office")
    }

    @Test func aWithdrawnCaseClosesWithVersionAndLeadToo() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.caseWithdrawn, from: "service-window", at: 5, data: [("reason", "撤回")])
        let closed = try #require(driver.outputs("liaison.case.closed").first)
        #expect(closed.data["version"] == .integer(1))
        #expect(closed.data["lead"]?.stringValue == "lead-office")
    }

    @Test func remindersAndEscalationsOfADeclinedTaskSayReassignInTheirIds() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        driver.simulation.advance(to: EngineFixtures.minutes(100))
        let escalations = driver.outputs("liaison.task.escalated")
        #expect(escalations.map(\.id) == ["C1/review/unit-a/escalation/reassign/100", "C1/review/unit-a/escalation/reassign/150"])
        #expect(escalations.allSatisfy { $0.data["deadline"]?.stringValue == "reassign" })
        let reminders = driver.outputs("liaison.task.reminder")
        #expect(reminders.map(\.id) == ["C1/review/unit-a/reminder/reassign/50", "C1/review/unit-a/reminder/reassign/80"])
        let overdue = driver.outputs("liaison.task.state_changed").filter { $0.data["state"]?.stringValue == "overdue" }
        #expect(overdue.map(\.id) == ["C1/review/unit-a/overdue/reassign"])
    }

    @Test func idsOfAnUndeclinedTaskKeepTheirDeadlineName() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a"])
        driver.simulation.advance(to: EngineFixtures.minutes(61))
        #expect(driver.outputs("liaison.task.escalated").map(\.id) == ["C1/review/unit-a/escalation/accept/100"])
    }

    @Test func assignmentsAndRemindersNameTheirUnitInAHeader() throws {
        var driver = try CaseDriver()
        driver.open(collaborators: ["unit-a", "unit-b"])
        driver.send(.taskDeclined, from: "unit-a", at: 10)
        driver.simulation.advance(to: EngineFixtures.minutes(40))
        func unitHeader(_ message: OutboundMessage) -> String? {
            message.headers.last { $0.0 == "liaison.unit" }.map { String(decoding: $0.1, as: UTF8.self) }
        }
        let assigned = driver.outputs("liaison.task.assigned")
        #expect(assigned.map(unitHeader) == ["unit-a", "unit-b"])
        let reminders = driver.outputs("liaison.task.reminder")
        #expect(reminders.count == 2)
        #expect(reminders.filter { $0.data["unit"]?.stringValue == "unit-a" }.map(unitHeader) == ["lead-office"],
                "the lead owes the reassignment of a declined task, so the reminder is addressed to it")
        #expect(reminders.filter { $0.data["unit"]?.stringValue == "unit-b" }.map(unitHeader) == ["unit-b"])
        #expect(driver.outputs("liaison.case.opened").allSatisfy { unitHeader($0) == nil })
    }
}
