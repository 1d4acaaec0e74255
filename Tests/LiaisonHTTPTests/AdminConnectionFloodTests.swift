import Testing

/// Issue 9, item 11: ~1,500 idle connections (no token needed to connect) exhausted the
/// process's file descriptors and the daemon died. A flood must cost refused connections only.
@Suite("A flood of connections to the admin port is refused, and the server lives", .serialized)
struct AdminConnectionFloodTests {
    static let limit = 8
    static let flood = 40

    @Test func connectionsPastTheLimitAreClosedOnArrivalAndProbesAnswerOnceTheFloodEnds() async throws {
        try await LiveAdminServer.with(maxConnections: Self.limit, idleTimeout: .seconds(30)) { server in
            let sockets = try (0..<Self.flood).map { _ in try LoopbackSocket(port: server.port) }
            defer { sockets.forEach { $0.close() } }

            // Every connection past the limit is closed by the server, promptly.
            let refused = try await closedByServer(sockets, atLeast: Self.flood - Self.limit, within: .seconds(10))
            #expect(refused == Self.flood - Self.limit)
            // The served ones stay open until their idle timeout, well after this.
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await closedByServer(sockets, atLeast: Self.flood, within: .zero) == Self.flood - Self.limit)

            // While full, a newcomer is refused rather than left waiting.
            #expect(try await server.get("/healthz", within: .seconds(5)) == nil)

            // Once the flood goes away, the probe answers again, and the server never stopped.
            sockets.forEach { $0.close() }
            #expect(try await server.getUntilAnswered("/healthz", within: .seconds(10)) == "HTTP/1.1 200 OK")
            #expect(!server.hasStopped)
        }
    }

    @Test func aFloodThatIsHeldOpenEndsWithTheIdleTimeoutAndProbesAnswerAgain() async throws {
        try await LiveAdminServer.with(maxConnections: Self.limit, idleTimeout: .milliseconds(300)) { server in
            let sockets = try (0..<Self.flood).map { _ in try LoopbackSocket(port: server.port) }
            defer { sockets.forEach { $0.close() } }

            // The client never closes anything: the server closes every one of them.
            #expect(try await closedByServer(sockets, atLeast: Self.flood, within: .seconds(10)) == Self.flood)
            #expect(try await server.getUntilAnswered("/healthz", within: .seconds(10)) == "HTTP/1.1 200 OK")
            #expect(!server.hasStopped)
        }
    }

    /// How many of `sockets` the server has closed, waiting up to `limit` for `count` of them.
    private func closedByServer(_ sockets: [LoopbackSocket], atLeast count: Int, within limit: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + limit
        while true {
            sockets.forEach { $0.drain() }
            let closed = sockets.filter(\.closedByServer).count
            if closed >= count || ContinuousClock.now >= deadline { return closed }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
