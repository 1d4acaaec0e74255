import Testing

@Suite("Idle and slow clients of the admin port are let go")
struct AdminSlowClientTests {
    @Test func aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() async throws {
        try await LiveAdminServer.with(maxConnections: 8, idleTimeout: .milliseconds(300)) { server in
            let socket = try LoopbackSocket(port: server.port)
            #expect(try await socket.waitForServerClose(within: .seconds(10)))
            #expect(socket.received.isEmpty)
        }
    }

    /// A request that never ends, sent a few bytes at a time, faster than the idle timeout.
    enum Trickle: String, CaseIterable {
        case head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
        case body = "POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n"
    }

    @Test(arguments: Trickle.allCases)
    func aClientThatNeverFinishesItsRequestIsClosed(_ trickle: Trickle) async throws {
        try await LiveAdminServer.with(maxConnections: 8, idleTimeout: .milliseconds(300)) { server in
            let socket = try LoopbackSocket(port: server.port)
            socket.send(trickle.rawValue)
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline, !socket.closedByServer {
                socket.send("x")
                try await Task.sleep(for: .milliseconds(100))
                socket.drain()
            }
            #expect(socket.closedByServer)
        }
    }
}
