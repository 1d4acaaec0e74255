import Foundation
import LiaisonCore
import LiaisonKafka
import Testing

@Suite("Timers survive the daemon being down", .serialized)
struct TimerRecoveryTests {
    @Test func aTimerDueWhileTheDaemonIsDownFiresOnceAfterRestart() async throws {
        let fixture = try await EndToEndFixture(name: "timer", workflows: ["e2e-timer.yaml": TestWorkflows.shortTimer])
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let caseID = "TIMER-1"
        let opened = Departments.now()
        try await Departments.publish([
            Departments.event("gov.case.opened", id: "sw-t1", unit: "service-window", caseID: caseID, time: opened,
                              data: .object([("matter", "e2e-timer"), ("title", "timer")])),
        ], with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned(caseID).count == 1 }

        fixture.daemon?.signal(SIGKILL)
        _ = await fixture.daemon?.waitForExit(timeout: .seconds(10))
        let due = opened.adding(milliseconds: 8_000)
        let early = try await reader.read(timeout: .seconds(1)) { _ in false }
        #expect(!early.contains { $0.type == "liaison.task.escalated" })
        while Departments.now() < due.adding(milliseconds: 1_000) {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await reader.read(timeout: .seconds(1)) { _ in false }.allSatisfy { $0.type != "liaison.task.escalated" },
                "nothing fires while the daemon is down")

        try fixture.startDaemon()
        try await fixture.waitUntilDaemonReady()
        var outputs = try await reader.read(timeout: .seconds(60)) { $0.contains { $0.type == "liaison.task.escalated" } }
        outputs = try await reader.read(timeout: .seconds(5)) { _ in false }
        let escalations = outputs.filter { $0.type == "liaison.task.escalated" }
        #expect(escalations.count == 1, "fired once, not lost and not twice")
        #expect(escalations.first?.headers["ce_time"] == due.rfc3339)
        #expect(escalations.first?.data["lateUnit"]?.stringValue == "alpha")

        fixture.daemon?.signal(SIGTERM)
        #expect(await fixture.daemon?.waitForExit(timeout: .seconds(60)) == 0)
        await reader.close()
        try await producer.close()
    }
}
