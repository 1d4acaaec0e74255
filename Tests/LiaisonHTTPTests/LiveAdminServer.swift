import LiaisonHTTP
import Logging
import ServiceLifecycle
import Synchronization

/// The real admin server on 127.0.0.1 and a port of its own choosing, for the tests that need
/// sockets rather than Hummingbird's in-process router.
struct LiveAdminServer {
    struct DidNotStart: Error {}

    /// Where it listens.
    let port: Int
    private let stopped: StopFlag

    /// True once the server's `run` has returned or thrown: the server died.
    var hasStopped: Bool { stopped.value.withLock { $0 } }

    /// Runs a server with `maxConnections` and `idleTimeout` while `body` runs, then shuts it
    /// down the way the daemon does (graceful shutdown of its service group).
    static func with(
        maxConnections: Int,
        idleTimeout: Duration,
        _ body: (LiveAdminServer) async throws -> Void
    ) async throws {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let configuration = AdminServerConfiguration(
            host: "127.0.0.1", port: 0, maxConnections: maxConnections, idleTimeout: idleTimeout
        )
        let logger = Logger(label: "test")
        let server = AdminServer(configuration: configuration, source: FakeAdminSource(), logger: logger,
                                 onListening: { continuation.yield($0) })
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], logger: logger)
        let stopped = StopFlag()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer {
                    stopped.value.withLock { $0 = true }
                    continuation.finish()
                }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw DidNotStart() }
            do {
                try await body(LiveAdminServer(port: port, stopped: stopped))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Sends `GET path` on a new connection and returns the status line, or nil when the
    /// connection was closed without an answer within `limit`.
    func get(_ path: String, within limit: Duration = .seconds(5)) async throws -> String? {
        let socket = try LoopbackSocket(port: port)
        socket.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        _ = try await socket.waitForServerClose(within: limit)
        return socket.text.split(separator: "\r\n", maxSplits: 1).first.map(String.init)
    }

    /// Asks `GET path` again and again until it is answered, for at most `limit`.
    func getUntilAnswered(_ path: String, within limit: Duration) async throws -> String? {
        let deadline = ContinuousClock.now + limit
        repeat {
            if let status = try await get(path, within: .seconds(2)) { return status }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        return nil
    }
}

private final class StopFlag: Sendable {
    let value = Mutex(false)
}
