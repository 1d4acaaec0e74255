import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LiaisonCore
import LiaisonKafka
import LiaisonStore
import LiaisonStorePostgreSQL
import LiaisonTestSupport
import Logging
import Testing

/// The PostgreSQL server restarts while the daemon works: the daemon waits and retries instead
/// of stopping, `/readyz` says the store cannot be read while it is away, and the stream
/// completes with every case where an uninterrupted run leaves it.
@Suite("The daemon rides out a PostgreSQL restart", .serialized)
struct StoreOutageTests {
    @Test func aPostgresRestartMidStreamLosesNothingAndReadinessTellsTheTruth() async throws {
        let server = try ThrowawayPostgres.dedicated()
        defer { server.stop() }
        let url = server.url(database: try server.createDatabase(prefix: "outage"))
        let fixture = try await EndToEndFixture(name: "pg-outage", workflows: ["e2e-steady.yaml": TestWorkflows.steady],
                                                batchMaxEvents: 25, storeURL: url)
        defer { fixture.cleanUp() }
        let phases = CrashScenario.phases(cases: 500)
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let port = try await AdminEndToEndTests().adminPort(fixture)

        try await Departments.publish(phases[0].records, with: producer)
        while try fixture.appliedInboundRecords() < 500 { try await Task.sleep(for: .milliseconds(10)) }
        try server.pause()
        // Department traffic goes on while the store is away: the daemon must hold it, not drop it.
        try await Departments.publish(phases[1].records, with: producer)
        // Readiness reports the store while it is away (the probe's own bound keeps it prompt).
        var sawUnready = false
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline && !sawUnready {
            let (status, body) = try await AdminEndToEndTests().get(port, "/readyz")
            sawUnready = status == 503 && body.contains("store")
            if !sawUnready { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(sawUnready, "/readyz said ready while PostgreSQL was stopped")
        let waitForRetries = ContinuousClock.now + .seconds(60)
        while !(fixture.daemon?.output.contains("the store cannot be reached; retrying") ?? false) && ContinuousClock.now < waitForRetries {
            try await Task.sleep(for: .milliseconds(200))
        }
        try await Task.sleep(for: .seconds(2))
        #expect(fixture.daemon?.process.isRunning == true, "the daemon stopped instead of waiting for the store:\n\(fixture.daemon?.output.suffix(2000) ?? "")")
        try server.restart()

        for phase in phases.dropFirst(2) { try await Departments.publish(phase.records, with: producer) }
        let expected = 500
        let outputs = try await reader.read(timeout: .seconds(240)) { outputs in
            Set(outputs.lazy.filter(phases[4].signature).map(\.id)).count >= expected
        }
        #expect(Set(outputs.filter(phases[4].signature).map(\.id)).count == expected,
                "every case closed after the restart; the daemon said:\n\(fixture.daemon?.output.split(separator: "\n").filter { !$0.contains("librdkafka") }.suffix(40).joined(separator: "\n") ?? "")")
        let log = fixture.daemon?.output ?? ""
        #expect(log.contains("the store cannot be reached; retrying"))
        #expect(log.contains("the store answers again"))
        let (status, _) = try await AdminEndToEndTests().get(port, "/readyz")
        #expect(status == 200)
        fixture.daemon?.signal(SIGTERM)
        #expect(await fixture.daemon?.waitForExit(timeout: .seconds(60)) == 0)
        await reader.close()
        try await producer.close()
    }
}
