import Foundation
import LiaisonCore
import LiaisonKafka
@testable import LiaisonRuntime
import Testing

/// `/readyz` of a real `liaison run` process while its brokers go down and come back.
@Suite("/readyz tells the truth through a Kafka outage", .serialized)
struct ReadinessOutageTests {
    @Test func readyzTurns503WhileNoBrokerAnswersAndIsReadyAgainOnlyOnceThePartitionsAreOwned() async throws {
        let fixture = try await EndToEndFixture(name: "readyz", workflows: ["e2e-steady.yaml": TestWorkflows.steady])
        defer { fixture.cleanUp() }
        try fixture.startDaemon()
        let admin = AdminEndToEndTests()
        let port = try await admin.adminPort(fixture)
        try await fixture.waitUntilDaemonReady()
        var (status, body) = try await waitFor(port, admin, within: .seconds(60)) { status, _ in status == 200 }
        #expect(status == 200, "\(body)")
        #expect(body.contains("owns 4 inbound partitions"), "\(body)")
        try await checkMetricsBeforeAnyInput(port, admin)

        fixture.broker?.signal(SIGUSR1)
        var during: [(Int, String)] = []
        let outage = ContinuousClock.now
        (status, body) = try await waitFor(port, admin, within: .seconds(60)) { status, body in
            during.append((status, body))
            return status == 503 && body.contains("Kafka unreachable")
        }
        #expect(status == 503 && body.contains("Kafka unreachable"), "not ready while no broker answers: \(body)")
        #expect(ContinuousClock.now - outage < .seconds(Readiness.contactMaxAge.components.seconds + 20))
        // Stays unready (no flapping back to 200 between failed polls) past the session timeout,
        // so that the group takes the partitions away.
        var down: [Int] = []
        _ = try await waitFor(port, admin, within: .seconds(10)) { status, _ in down.append(status); return false }
        #expect(!down.isEmpty && down.allSatisfy { $0 == 503 }, "unready for as long as no broker answers: \(down)")

        fixture.broker?.signal(SIGUSR2)
        var after: [(Int, String)] = []
        (status, body) = try await waitFor(port, admin, within: .seconds(120)) { status, body in
            after.append((status, body))
            return status == 200
        }
        #expect(status == 200, "ready again once the brokers are back: \(body)")
        for (status, body) in during + after where status == 200 {
            #expect(body.contains("owns 4 inbound partitions"), "ready only with its partitions: \(body)")
        }
        #expect(fixture.daemon?.output.contains("waiting for the consumer group to assign inbound partitions") == true,
                "the wait for the group is logged")
        fixture.daemon?.signal(SIGTERM)
        #expect(await fixture.daemon?.waitForExit(timeout: .seconds(60)) == 0)
    }

    /// Every series is there before the first input, each with its help line and unit.
    func checkMetricsBeforeAnyInput(_ port: Int, _ admin: AdminEndToEndTests) async throws {
        let (status, text) = try await admin.get(port, "/metrics")
        #expect(status == 200)
        for entry in MetricCatalog.all where !["liaison_calendar_uncovered_total", "liaison_consumer_lag_seconds"].contains(entry.name) {
            #expect(text.contains("# HELP \(entry.name) "), "no help line for \(entry.name)")
            #expect(text.contains("# TYPE \(entry.name) \(entry.type)"), "\(entry.name) not present from the start")
        }
        #expect(text.contains(#"liaison_dead_letters_total{reason="not-json",stage="router"} 0"#))
        #expect(text.contains(#"liaison_dead_letters_total{reason="case-closed",stage="engine"} 0"#))
        #expect(text.contains(#"liaison_events_total{type="gov.case.opened",outcome="applied"} 0"#))
        #expect(text.contains("liaison_build_info{version=\"\(BuildInfo.version)\",commit=\"\(BuildInfo.commit)\"} 1"))
    }

    /// Polls `/readyz` every 250 ms until an answer satisfies `done` or `within` passes;
    /// returns the last answer.
    func waitFor(_ port: Int, _ admin: AdminEndToEndTests, within: Duration,
                 until done: (Int, String) -> Bool) async throws -> (Int, String) {
        let deadline = ContinuousClock.now + within
        var last = (0, "")
        while ContinuousClock.now < deadline {
            last = try await admin.get(port, "/readyz")
            if done(last.0, last.1) { return last }
            try await Task.sleep(for: .milliseconds(250))
        }
        return last
    }
}
