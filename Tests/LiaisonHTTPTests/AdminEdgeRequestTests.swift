import Testing

/// The admin port under many clients at once and under requests too large to be real: every
/// request gets an answer or a clean refusal, and the server stays up.
@Suite("The admin server under 200 concurrent clients and oversized requests", .serialized)
struct AdminEdgeRequestTests {
    @Test func twoHundredConcurrentClientsAreAllAnswered() async throws {
        try await LiveAdminServer.with(maxConnections: 256, idleTimeout: .seconds(30)) { server in
            let sockets = try (0..<200).map { _ in try LoopbackSocket(port: server.port) }
            defer { sockets.forEach { $0.close() } }
            for socket in sockets {
                socket.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            }
            var answered = 0
            for socket in sockets {
                _ = try await socket.waitForServerClose(within: .seconds(20))
                if socket.text.hasPrefix("HTTP/1.1 200 OK") { answered += 1 }
            }
            #expect(answered == 200)
            #expect(!server.hasStopped)
        }
    }

    @Test(arguments: [
        ("a 1 MB URL", "GET /v1/cases/\(String(repeating: "x", count: 1 << 20)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        ("a 1 MB header", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: \(String(repeating: "y", count: 1 << 20))\r\n\r\n"),
        ("10,000 headers", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (0..<10_000).map { "X-\($0): v\r\n" }.joined() + "\r\n"),
    ])
    func anOversizedRequestIsRefusedAndTheServerLivesOn(_ kind: String, _ request: String) async throws {
        try await LiveAdminServer.with(maxConnections: 16, idleTimeout: .seconds(5)) { server in
            let socket = try LoopbackSocket(port: server.port)
            defer { socket.close() }
            socket.send(request)
            let closed = try await socket.waitForServerClose(within: .seconds(10))
            let status = socket.text.split(separator: "\r\n", maxSplits: 1).first.map(String.init) ?? ""
            #expect(closed, "\(kind): the server kept the connection open")
            #expect(status.isEmpty || status.hasPrefix("HTTP/1.1 4"), "\(kind): answered \(status)")
            #expect(try await server.getUntilAnswered("/healthz", within: .seconds(5)) == "HTTP/1.1 200 OK")
            #expect(!server.hasStopped)
        }
    }
}
