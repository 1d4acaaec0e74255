import Testing
@testable import LiaisonCore

@Suite("The enterprise example replayed end to end")
struct ExampleScenarioTests {
    static func replay() throws -> Simulation {
        var simulation = Simulation(engine: Engine(catalog: try EngineFixtures.exampleCatalog()))
        let lines = EnterpriseCaseEvents.jsonLines.split(separator: "\n")
        for line in lines {
            simulation.feed(try CloudEvent.decode(structured: Array(line.utf8)))
        }
        simulation.runUntilIdle()
        return simulation
    }

    @Test func publicSecurityIsRemindedAndEscalatedOnBothDeadlines() throws {
        let simulation = try Self.replay()
        let late = simulation.timeline.filter { $0.unit == "public-security" }
        let reminders = late.filter { $0.kind == .reminded }.map(\.detail)
        let escalations = late.filter { $0.kind == .escalated }.map(\.detail)
        #expect(reminders.filter { $0.hasPrefix("accept deadline") }.count == 2)
        #expect(reminders.filter { $0.hasPrefix("complete deadline") }.count == 2)
        #expect(escalations.filter { $0.hasPrefix("accept deadline") }.count == 2)
        #expect(escalations.filter { $0.hasPrefix("complete deadline") }.count == 2)
        #expect(escalations.first?.contains("to gov-office") == true)
        #expect(escalations.last?.contains("to mayor-office") == true)
    }

    @Test func deadlinesFollowTheChineseWorkingCalendar() throws {
        let simulation = try Self.replay()
        let assigned = try #require(simulation.timeline.first { $0.kind == .assigned && $0.unit == "tax" })
        #expect(assigned.local.hasPrefix("2026-03-02 09:30"))
        #expect(assigned.detail.contains("accept by 2026-03-02 15:00"))
        #expect(assigned.detail.contains("complete by 2026-03-05 17:30"))
    }

    @Test func theSummaryCountsEachUnit() throws {
        let summary = try Self.replay().summary
        let bySecurity = try #require(summary.first { $0.unit == "public-security" })
        #expect(bySecurity.reminders == 4 && bySecurity.escalations == 4 && bySecurity.onTime == 0)
        #expect(summary.first { $0.unit == "tax" }?.onTime == 1)
        #expect(summary.first { $0.unit == "social-security" }?.reminders == 2)
    }

    @Test func theSameInputsGiveByteIdenticalOutputs() throws {
        let first = try Self.replay()
        let second = try Self.replay()
        let bytes = { (simulation: Simulation) in simulation.outputs.map { [$0.id] + $0.headers.map { "\($0.0)=\(String(decoding: $0.1, as: UTF8.self))" } + [String(decoding: $0.value, as: UTF8.self)] } }
        #expect(bytes(first) == bytes(second))
        #expect(first.states["QY-2026-000187"]?.encoded() == second.states["QY-2026-000187"]?.encoded())
        #expect(Set(first.outputs.map(\.id)).count == first.outputs.count)
    }
}
