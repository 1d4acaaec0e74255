import Testing
@testable import LiaisonCore

@Suite("The seconds-scale demo workflows")
struct DemoWorkflowTests {
    @Test func theDemoSetLoadsBesideTheExamples() throws {
        let catalog = try EngineFixtures.exampleCatalog(includingDemos: true)
        #expect(catalog.workflows.filter { $0.id.hasPrefix("demo-") }.map(\.id) == ["demo-emergency", "demo-enterprise", "demo-urban-renewal"])
    }

    @Test func anIgnoredDemoCaseIsRemindedAndEscalatedWithinSeconds() throws {
        var driver = try CaseDriver(catalog: try EngineFixtures.exampleCatalog(includingDemos: true))
        driver.open("demo-enterprise", collaborators: ["tax"])
        driver.simulation.advance(to: EngineFixtures.start.adding(milliseconds: 8_000))
        let seconds = { (messages: [OutboundMessage]) in messages.map { $0.time.milliseconds(since: EngineFixtures.start) } }
        #expect(seconds(driver.outputs("liaison.task.reminder")) == [2_500, 4_000, 7_500])
        #expect(seconds(driver.outputs("liaison.task.escalated")) == [5_000, 7_500])
    }
}
