import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LiaisonCore
import LiaisonKafka
import Testing

/// The admin server of a real `liaison run` process, asked over HTTP.
@Suite("The daemon's admin server tells operators when it is ready and what a case looks like", .serialized)
struct AdminEndToEndTests {
    static let token = "e2e-admin-token"

    @Test func readyzIsUnavailableUntilPartitionsAreLoadedAndACaseCanBeReadBack() async throws {
        let fixture = try await EndToEndFixture(name: "admin", workflows: ["e2e-fast.yaml": TestWorkflows.fast])
        defer { fixture.cleanUp() }
        fixture.daemon = try ChildProcess(
            arguments: ["run", "--config", fixture.folder.file("liaison.yaml"), "--log-level", "info"],
            logPath: fixture.folder.file("daemon-admin.log"),
            environment: ["LIAISON_ADMIN_TOKEN": Self.token]
        )
        let port = try await adminPort(fixture)

        // From the moment it listens until partitions are assigned, /readyz says why not.
        var statuses: [Int] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while statuses.last != 200 && ContinuousClock.now < deadline {
            let (status, body) = try await get(port, "/readyz")
            statuses.append(status)
            if status == 503 { #expect(body.contains("inbound partitions not assigned yet"), "\(body)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(statuses.first == 503, "not ready before partitions are loaded")
        #expect(statuses.last == 200, "ready once they are: \(fixture.daemon?.output ?? "")")
        #expect(try await get(port, "/healthz").status == 200)

        try await fixture.waitUntilDaemonReady()
        let producer = try KafkaProducer(configuration: fixture.kafka, logger: fixture.logger)
        let reader = try OutputReader(kafka: fixture.kafka, logger: fixture.logger)
        let caseID = "E2E-ADMIN-1"
        try await Departments.publish([
            Departments.event("gov.case.opened", id: "sw-1", unit: "service-window", caseID: caseID, time: Departments.now(),
                              data: .object([("matter", "e2e-fast"), ("title", "admin view")])),
        ], with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned(caseID).count == 2 }

        #expect(try await get(port, "/v1/cases/\(caseID)", token: nil).status == 401)
        let (status, body) = try await get(port, "/v1/cases/\(caseID)", token: Self.token)
        #expect(status == 200)
        let json = try JSONValue.parse(Array(body.utf8))
        #expect(json["case"] == .string(caseID))
        #expect(json["workflow"] == .string("e2e-fast"))
        #expect(json["status"] == .string("open"))
        guard case .array(let tasks)? = json["tasks"] else { Issue.record("no tasks: \(body)"); return }
        #expect(Set(tasks.compactMap { $0["unit"]?.stringValue }) == ["alpha", "beta"])
        #expect(try await get(port, "/v1/cases/NO-SUCH-CASE", token: Self.token).status == 404)
        let metrics = try await get(port, "/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("liaison_events_total"))
        await reader.close()
        try await producer.close()
    }

    /// The port the daemon's admin server bound (it listens on port 0 in tests), from its log.
    func adminPort(_ fixture: EndToEndFixture) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let log = fixture.daemon?.output ?? ""
            for line in log.split(separator: "\n") where line.contains("admin server listening") {
                if let range = line.range(of: #"port=\d+"#, options: .regularExpression),
                   let port = Int(line[range].dropFirst(5)) {
                    return port
                }
            }
            if let daemon = fixture.daemon, !daemon.process.isRunning { throw FixtureError("the daemon exited:\n\(log)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FixtureError("the admin server never said where it listens:\n\(fixture.daemon?.output ?? "")")
    }

    func get(_ port: Int, _ path: String, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
