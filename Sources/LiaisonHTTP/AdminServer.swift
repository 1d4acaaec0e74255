import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The admin HTTP server: probes, case and workflow views, Prometheus metrics.
///
/// Routes:
/// - `GET /healthz` — 200 while the process is alive.
/// - `GET /readyz` — 200 once Kafka is reachable, the store open and partitions loaded; 503 with
///   the reasons before.
/// - `GET /metrics` — Prometheus text, when the process gave an exposition.
/// - `GET /v1/cases/{id}` — one case's summary; 404 when unknown.
/// - `GET /v1/workflows` — loaded definitions and versions.
///
/// Errors are JSON (`{"error":{"status":…,"message":…}}`). When a token is configured, `/v1/…`
/// answers 401 without `Authorization: Bearer <token>`. Runs as one service of the daemon's
/// service group and stops with it.
public struct AdminServer: Service {
    /// Where it listens and the token, if any.
    public let configuration: AdminServerConfiguration
    private let source: any AdminSource
    private let metrics: (@Sendable () -> String)?
    private let logger: Logger

    /// Creates the server; nothing listens before `run`.
    ///
    /// - Parameters:
    ///   - source: answers for the probes and views.
    ///   - metrics: renders the Prometheus exposition; `/metrics` is 404 without it.
    public init(
        configuration: AdminServerConfiguration,
        source: any AdminSource,
        metrics: (@Sendable () -> String)? = nil,
        logger: Logger
    ) {
        self.configuration = configuration
        self.source = source
        self.metrics = metrics
        self.logger = logger
    }

    /// The Hummingbird application serving the routes; tests drive it in-process.
    ///
    /// Once bound it logs `admin server listening` with the real port (useful with port 0).
    public func application() -> some ApplicationProtocol {
        let logger = self.logger
        let guarded = configuration.token == nil ? "none" : "required for /v1"
        return Application(
            router: router(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "liaison-admin"
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port.map(String.init) ?? "?"
                logger.info("admin server listening", metadata: ["port": "\(port)", "token": "\(guarded)"])
            },
            logger: logger
        )
    }

    /// Listens until the service group shuts down.
    public func run() async throws {
        do {
            try await application().run()
        } catch {
            throw AdminServerError(code: .serverFailed, address: "\(configuration.host):\(configuration.port)", reason: "\(error)")
        }
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ErrorsAsJSON())
        let source = self.source
        router.get("/healthz") { _, _ in AdminResponse.probe(await source.health()) }
        router.get("/readyz") { _, _ in AdminResponse.probe(await source.readiness()) }
        if let metrics {
            router.get("/metrics") { _, _ in AdminResponse.prometheus(metrics()) }
        }
        let v1 = router.group("/v1")
        if let token = configuration.token {
            v1.add(middleware: BearerTokenMiddleware(token: token))
        }
        v1.get("/workflows") { _, _ in AdminResponse.json(.ok, await source.workflowsJSON()) }
        let logger = self.logger
        v1.get("/cases/:id") { _, context in
            // Case ids may hold any character (Chinese included): clients percent-encode them.
            guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding, !id.isEmpty else {
                return AdminResponse.error(.badRequest, "a case id is required")
            }
            do {
                guard let json = try await source.caseJSON(id: id) else {
                    return AdminResponse.error(.notFound, "no case '\(id)' in this instance's store")
                }
                return AdminResponse.json(.ok, json)
            } catch {
                logger.error("case cannot be read", metadata: ["case": "\(id)", "error": "\(error)"])
                return AdminResponse.error(.internalServerError, "case '\(id)' cannot be read: \(error)")
            }
        }
        return router
    }
}
