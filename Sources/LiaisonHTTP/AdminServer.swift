import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The admin HTTP server: probes, case and workflow views, Prometheus metrics.
///
/// Routes:
/// - `GET /healthz` — 200 while the process is alive.
/// - `GET /readyz` — 200 once Kafka is reachable, the store open and partitions loaded; 503 with
///   the reasons before.
/// - `GET /metrics` — Prometheus text, when the process gave an exposition.
/// - `GET /v1/cases` — cases by `workflow`, `version`, `status`, `unit`, `overdue=true`, paged
///   by `limit` and the opaque `cursor` of the page before; 400 for a bad parameter.
/// - `GET /v1/cases/{id}` — one case's summary and history; 404 when unknown.
/// - `GET /v1/cases/{id}/history` — the case's history as its verified audit chain; 404 when unknown.
/// - `GET /v1/workflows` — loaded definitions and versions.
/// - `GET /v1/deadletters` — this process's recent dead letters.
/// - `GET /cockpit`, `/cockpit/events`, `/v1/cockpit` — the cockpit page, its live feed and its
///   numbers, when a ``CockpitSource`` is given (``CockpitRoutes``).
///
/// Errors are JSON (`{"error":{"status":…,"message":…}}`). When a token is configured, `/v1/…`
/// answers 401 without `Authorization: Bearer <token>`. Connections past
/// `configuration.maxConnections` are closed on arrival, and idle or slow ones after
/// `configuration.idleTimeout`: anyone can connect without a token, and a flood must cost
/// refused connections, never the process. Runs as one service of the daemon's service group
/// and stops with it.
public struct AdminServer: Service {
    /// Where it listens and the token, if any.
    public let configuration: AdminServerConfiguration
    private let source: any AdminSource
    private let metrics: (@Sendable () -> String)?
    private let logger: Logger
    private let onListening: (@Sendable (Int) async -> Void)?
    private let cockpit: (any CockpitSource)?

    /// Creates the server; nothing listens before `run`.
    ///
    /// - Parameters:
    ///   - source: answers for the probes and views.
    ///   - metrics: renders the Prometheus exposition; `/metrics` is 404 without it.
    ///   - onListening: told the port once bound (the real one when the configuration says 0).
    ///   - cockpit: the numbers of the cockpit page (`/cockpit`); without it the page is 404.
    public init(
        configuration: AdminServerConfiguration,
        source: any AdminSource,
        metrics: (@Sendable () -> String)? = nil,
        logger: Logger,
        onListening: (@Sendable (Int) async -> Void)? = nil,
        cockpit: (any CockpitSource)? = nil
    ) {
        self.cockpit = cockpit
        self.configuration = configuration
        self.source = source
        self.metrics = metrics
        self.logger = logger
        self.onListening = onListening
    }

    /// The Hummingbird application serving the routes; tests drive it in-process.
    ///
    /// Once bound it logs `admin server listening` with the real port (useful with port 0).
    public func application() -> some ApplicationProtocol {
        let logger = self.logger
        let onListening = self.onListening
        let guarded = configuration.token == nil ? "none" : "required for /v1"
        let limits: Logger.Metadata = [
            "max_connections": "\(configuration.maxConnections)", "idle_timeout": "\(configuration.idleTimeout)",
        ]
        return Application(
            router: router(),
            server: limitedHTTP1(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "liaison-admin"
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port
                logger.info("admin server listening", metadata: limits.merging([
                    "port": "\(port.map(String.init) ?? "?")", "token": "\(guarded)",
                ]) { $1 })
                if let port { await onListening?(port) }
            },
            logger: logger
        )
    }

    /// HTTP/1 with the connection limit and the idle and request timeouts.
    private func limitedHTTP1() -> HTTPServerBuilder {
        let timeout = TimeAmount(configuration.idleTimeout)
        let limiter = SharedConnectionLimiter(maximum: configuration.maxConnections, logger: logger)
        return HTTPServerBuilder { responder in
            let http1 = HTTP1Channel(responder: responder, configuration: .init(
                additionalChannelHandlers: [RequestReadDeadline(timeout: timeout)],
                idleTimeout: timeout
            ))
            return ConnectionLimitedChannel(base: http1, limiter: limiter)
        }
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
        if let cockpit {
            CockpitRoutes(source: cockpit, token: configuration.token, refresh: .seconds(5), streamLimit: .seconds(60), logger: self.logger)
                .add(to: router, v1: v1)
        }
        v1.get("/workflows") { _, _ in AdminResponse.json(.ok, await source.workflowsJSON()) }
        v1.get("/deadletters") { _, _ in AdminResponse.json(.ok, await source.deadLettersJSON()) }
        let logger = self.logger
        v1.get("/cases") { request, _ in
            let query: CaseListQuery
            do {
                query = try CaseListQuery.parse(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
            } catch {
                return AdminResponse.error(.badRequest, "\(error)")
            }
            do {
                return AdminResponse.json(.ok, try await source.caseList(query).json)
            } catch {
                logger.error("case list cannot be read", metadata: ["error": "\(error)"])
                return AdminResponse.error(.internalServerError, "the case list cannot be read: \(error)")
            }
        }
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
        v1.get("/cases/:id/history") { _, context in
            guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding, !id.isEmpty else {
                return AdminResponse.error(.badRequest, "a case id is required")
            }
            do {
                guard let json = try await source.caseHistoryJSON(id: id) else {
                    return AdminResponse.error(.notFound, "no case '\(id)' in this instance's store")
                }
                return AdminResponse.json(.ok, json)
            } catch {
                logger.error("case history cannot be read", metadata: ["case": "\(id)", "error": "\(error)"])
                return AdminResponse.error(.internalServerError, "case '\(id)' history cannot be read: \(error)")
            }
        }
        return router
    }
}
