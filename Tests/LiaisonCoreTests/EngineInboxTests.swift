import Testing
@testable import LiaisonCore

@Suite("Events that arrive before their case")
struct EngineInboxTests {
    @Test func anEarlyEventWaitsAndAppliesWhenTheCaseOpens() throws {
        var driver = try CaseDriver()
        let parked = driver.send(.taskAccepted, from: "unit-a", at: 0)
        #expect(parked.refusal == nil)
        #expect(parked.state?.status == .inbox)
        #expect(parked.schedule.map(\.id) == ["C1/inbox/unit-a/unit-a-1"])
        driver.open(at: 1)
        #expect(driver.status(of: "unit-a") == .accepted)
        #expect(driver.state?.inbox.isEmpty == true)
        #expect(!driver.simulation.timers.pending.contains { $0.id.contains("/inbox/") })
    }

    @Test func anEarlyEventThatNeverFindsItsCaseExpires() throws {
        var driver = try CaseDriver()
        driver.send(.taskAccepted, from: "unit-a", at: 0)
        driver.simulation.advance(to: EngineFixtures.minutes(25 * 60))
        let refused = try #require(driver.entries(.refused).first)
        #expect(refused.detail.contains("inbox-expired"))
        // A case that never opened leaves no row behind once nothing waits for it.
        #expect(driver.state == nil)
    }

    @Test func anExpiryHandsBackTheRefusedEvent() throws {
        let engine = Engine(catalog: try EngineFixtures.catalog(), settings: EngineSettings(inboxTTL: .seconds(60)))
        let event = CloudEvent(id: "e1", unit: "unit-a", type: .taskAccepted, caseID: "C9", time: EngineFixtures.start)
        let parked = try #require(engine.apply(.event(event), to: nil, now: EngineFixtures.start).state)
        let timer = try #require(parked.pendingTimers.first)
        #expect(timer.due == EngineFixtures.start.adding(milliseconds: 60_000))
        let expired = engine.apply(.timer(id: timer.id, due: timer.due), to: parked, now: timer.due)
        #expect(expired.refusal?.code == .inboxExpired)
        #expect(expired.refusal?.event == event)
        #expect(expired.deletesCase)
    }

    @Test func anInboxHoldsABoundedNumberOfBytes() throws {
        let engine = Engine(catalog: try EngineFixtures.catalog(), settings: EngineSettings(inboxMaxBytes: 4_096))
        let big = JSONValue.object([("reason", .string(String(repeating: "x", count: 1_500)))])
        var state: CaseState?
        var refusals: [Refusal] = []
        for n in 0..<5 {
            let event = CloudEvent(id: "p\(n)", unit: "unit-a", type: .taskPaused, caseID: "C9", time: EngineFixtures.start, data: big)
            let transition = engine.apply(.event(event), to: state, now: EngineFixtures.start)
            if let refusal = transition.refusal { refusals.append(refusal) }
            state = transition.state ?? state
        }
        #expect(state?.inbox.count == 2)
        #expect(refusals.count == 3 && refusals.allSatisfy { $0.code == .inboxFull })
    }

    @Test func anExpiryTimerStoredByTheFirstFormatStillExpiresItsEvent() throws {
        let engine = Engine(catalog: try EngineFixtures.catalog(), settings: EngineSettings(inboxTTL: .seconds(60)))
        let event = CloudEvent(id: "e1", unit: "unit-a", type: .taskAccepted, caseID: "C9", time: EngineFixtures.start)
        let parked = try #require(engine.apply(.event(event), to: nil, now: EngineFixtures.start).state)
        let legacyID = "C9/inbox/e1"
        let expired = engine.apply(.timer(id: legacyID, due: EngineFixtures.minutes(1)), to: parked, now: EngineFixtures.minutes(1))
        #expect(expired.refusal?.code == .inboxExpired)
    }
}
