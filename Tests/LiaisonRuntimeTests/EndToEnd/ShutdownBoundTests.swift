import Foundation
import LiaisonCore
import LiaisonKafka
import Testing

@Suite("A graceful shutdown is bounded by shutdown.timeout", .serialized)
struct ShutdownBoundTests {
    static let bound = 8

    @Test func sigtermDuringAnOutageExitsWithinTheBoundWithStatus75AndNothingIsLost() async throws {
        let fixture = try await EndToEndFixture(name: "shutdown", workflows: ["e2e-fast.yaml": TestWorkflows.fast])
        defer { fixture.cleanUp() }
        // A session long enough that the partitions stay owned through the outage, so that the
        // reminders fall due here and wait in the outbox for brokers that are down.
        let configuration = fixture.configuration().replacingOccurrences(of: "session.timeout.ms: \"6000\"", with: "session.timeout.ms: \"20000\"")
        try fixture.folder.write("liaison.yaml", configuration + "shutdown:\n  timeout: \(Self.bound)s\n")
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let caseID = "SHUT-1"
        let opened = Departments.now()
        try await Departments.publish([
            Departments.event("gov.case.opened", id: "sw-s1", unit: "service-window", caseID: caseID, time: opened,
                              data: .object([("matter", "e2e-fast"), ("title", "shutdown")])),
        ], with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned(caseID).count == 2 }

        fixture.broker?.signal(SIGUSR1)
        // The reminders (at 3 s) and escalations (at 6 s) fall due during the outage.
        while Departments.now() < opened.adding(milliseconds: 9_000) {
            try await Task.sleep(for: .milliseconds(200))
        }
        let daemon = try #require(fixture.daemon)
        let signalled = ContinuousClock.now
        daemon.signal(SIGTERM)
        let status = await daemon.waitForExit(timeout: .seconds(Self.bound + 20))
        let took = ContinuousClock.now - signalled
        #expect(status == 75, "exits with the documented status once the bound is hit:\n\(daemon.output.suffix(3000))")
        #expect(took < .seconds(Self.bound + 5), "within the bound (\(Self.bound) s), give or take a few seconds: took \(took)")
        #expect(daemon.output.contains("exiting with status 75"), "the log says why it stopped waiting")

        fixture.broker?.signal(SIGUSR2)
        try fixture.startDaemon()
        try await fixture.waitUntilDaemonReady(timeout: .seconds(90))
        var outputs = try await reader.read(timeout: .seconds(90)) { outputs in
            outputs.filter { $0.caseID == caseID && $0.type == "liaison.task.reminder" }.count >= 2
                && outputs.filter { $0.caseID == caseID && $0.type == "liaison.task.escalated" }.count >= 2
        }
        outputs = try await reader.read(timeout: .seconds(3)) { _ in false }
        let reminders = outputs.filter { $0.caseID == caseID && $0.type == "liaison.task.reminder" }
        let escalations = outputs.filter { $0.caseID == caseID && $0.type == "liaison.task.escalated" }
        #expect(reminders.compactMap { $0.data["unit"]?.stringValue }.sorted() == ["alpha", "beta"],
                "both reminders arrive after the restart, once each")
        #expect(escalations.compactMap { $0.data["lateUnit"]?.stringValue }.sorted() == ["alpha", "beta"],
                "both escalations arrive after the restart, once each")

        fixture.daemon?.signal(SIGTERM)
        #expect(await fixture.daemon?.waitForExit(timeout: .seconds(60)) == 0, "a shutdown with Kafka up still exits 0")
        await reader.close()
        try await producer.close()
    }
}
