import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LiaisonCore
import LiaisonHTTP
@testable import LiaisonRuntime
@testable import LiaisonStore
import Logging
import Testing

/// `GET /v1/cases/{id}/history` asked over HTTP of the real admin server, answering from the
/// daemon's own source over a real store, as an auditor's or the cockpit's client asks it.
@Suite("The admin server answers a case's audit chain over HTTP")
struct AdminHistoryEndpointTests {
    static let token = "history-token"

    /// Runs the admin server on a free loopback port over `source` while `body` runs.
    static func withServer(_ source: DaemonAdminSource, _ body: (Int) async throws -> Void) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = AdminServer(configuration: AdminServerConfiguration(host: "127.0.0.1", port: 0, token: token),
                                 source: source, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
                                 onListening: { continuation.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try? await server.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw FixtureError("the admin server did not start") }
            defer { tasks.cancelAll() }
            try await body(port)
        }
    }

    /// `GET path` with the token: the status, the content type and the body parsed as JSON.
    static func get(_ port: Int, _ path: String) async throws -> (status: Int, contentType: String?, json: JSONValue) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type"), try JSONValue.parse(Array(data)))
    }

    @Test func aVerifiedChainAnUnknownCaseAndAnEditedEntry() async throws {
        let fixture = try DaemonAdminSourceTests()
        defer { try? FileManager.default.removeItem(atPath: fixture.folder) }
        try fixture.openCase()
        try await Self.withServer(fixture.source) { port in
            let clean = try await Self.get(port, "/v1/cases/C-1/history")
            #expect(clean.status == 200)
            #expect(clean.contentType?.hasPrefix("application/json") == true)
            #expect(clean.json["case"] == .string("C-1"))
            #expect(clean.json["verified"] == .bool(true), "\(clean.json)")
            #expect(clean.json["break"] == .null)
            let entries = try #require(clean.json["entries"]?.arrayValue)
            #expect(entries.count > 2)
            #expect(entries.map { $0["seq"] } == (1...Int64(entries.count)).map { .integer($0) })
            #expect(entries.allSatisfy { $0["verified"] == .bool(true) })
            #expect(clean.json["verifiedEntries"] == .integer(Int64(entries.count)))

            let unknown = try await Self.get(port, "/v1/cases/NO-SUCH-CASE/history")
            #expect(unknown.status == 404)
            #expect(unknown.contentType?.hasPrefix("application/json") == true)
            #expect(unknown.json["error"]?["status"] == .integer(404))
            #expect(unknown.json["error"]?["message"]?.stringValue?.contains("NO-SUCH-CASE") == true, "\(unknown.json)")

            // An insider changes what entry 2 says (not its hash): the chain breaks there.
            try fixture.store.locked { connection throws(StoreError) in
                try connection.run("UPDATE case_history SET entry = replace(entry, '\"id\"', '\"iD\"') WHERE case_id = 'C-1' AND seq = 2")
            }
            let edited = try await Self.get(port, "/v1/cases/C-1/history")
            #expect(edited.status == 200)
            #expect(edited.json["verified"] == .bool(false), "\(edited.json)")
            #expect(edited.json["break"]?["seq"] == .integer(2))
            #expect(edited.json["break"]?["kind"] == .string("edited"))
            #expect(edited.json["verifiedEntries"] == .integer(1))
            let flags = try #require(edited.json["entries"]?.arrayValue).map { $0["verified"] }
            #expect(flags.first == .bool(true))
            #expect(flags.dropFirst().allSatisfy { $0 == .bool(false) })
        }
    }
}
