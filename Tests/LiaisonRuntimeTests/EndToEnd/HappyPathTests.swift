import Foundation
import LiaisonCore
import LiaisonKafka
import Testing

/// The daemon as a separate process against the standalone test cluster: what departments and
/// supervisors see on the output topics.
@Suite("A case runs end to end through the daemon", .serialized)
struct HappyPathTests {
    @Test func aCaseGoesFromOpenedToClosedWithItsReminderAndEscalationOnTime() async throws {
        let fixture = try await EndToEndFixture(name: "happy", workflows: ["e2e-fast.yaml": TestWorkflows.fast])
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let caseID = "E2E-HAPPY-1"

        let opened = Departments.now()
        // alpha answers within a second (possibly before the daemon saw the case: it waits in
        // the case's inbox); beta stays silent.
        try await Departments.publish([
            Departments.event("gov.case.opened", id: "sw-1", unit: "service-window", caseID: caseID, time: opened,
                              data: .object([("matter", "e2e-fast"), ("title", "联办 end-to-end")])),
            Departments.event("gov.task.completed", id: "alpha-1", unit: "alpha", caseID: caseID,
                              time: opened.adding(milliseconds: 500), data: .object([("outcome", "approved")])),
        ], with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned(caseID).count == 2 }
        // beta stays silent: reminded at 50% (3 s), escalated to the supervisor at 100% (6 s).
        try await reader.read(timeout: .seconds(60)) { $0.contains { $0.type == "liaison.task.escalated" } }
        try await Departments.publish([
            Departments.event("gov.task.completed", id: "beta-1", unit: "beta", caseID: caseID, time: Departments.now(),
                              data: .object([("outcome", "approved")])),
        ], with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned(caseID).contains { $0.data["unit"]?.stringValue == "lead-unit" } }
        try await Departments.publish([
            Departments.event("gov.task.completed", id: "lead-1", unit: "lead-unit", caseID: caseID, time: Departments.now(),
                              data: .object([("outcome", "approved")])),
        ], with: producer)
        let outputs = try await reader.read(timeout: .seconds(60)) { $0.contains { $0.type == "liaison.case.closed" } }

        let reminders = outputs.filter { $0.type == "liaison.task.reminder" }
        #expect(reminders.map { $0.data["unit"]?.stringValue } == ["beta"], "only the silent unit is reminded")
        let reminder = try #require(reminders.first)
        #expect(reminder.headers["ce_time"] == opened.adding(milliseconds: 3_000).rfc3339)
        #expect((reminder.timestamp ?? 0) >= opened.milliseconds + 3_000, "not published before it was due")

        let escalations = outputs.filter { $0.type == "liaison.task.escalated" }
        #expect(escalations.count == 1)
        let escalation = try #require(escalations.first)
        #expect(escalation.data["lateUnit"]?.stringValue == "beta")
        #expect(escalation.data["escalatedTo"]?.stringValue == "gamma")
        #expect(escalation.data["lead"]?.stringValue == "lead-unit")
        #expect(escalation.headers["ce_time"] == opened.adding(milliseconds: 6_000).rfc3339)
        #expect((escalation.timestamp ?? 0) >= opened.milliseconds + 6_000)

        let closed = try #require(outputs.first { $0.type == "liaison.case.closed" })
        #expect(closed.caseID == caseID)
        #expect(outputs.filter { $0.topic == "liaison.deadletter" }.isEmpty)
        #expect(Set(outputs.map(\.id)).count == outputs.count, "no output twice in an uninterrupted run")
        await reader.close()
        try await producer.close()
    }
}

extension [Output] {
    func assigned(_ caseID: String) -> [Output] {
        filter { $0.type == "liaison.task.assigned" && $0.caseID == caseID }
    }
}
