import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The cockpit (协作驾驶舱): the page, its script and style, the login form, the JSON it reads
/// and the Server-Sent Events stream that keeps it live.
///
/// - `GET /cockpit` — the page, behind the admin token; `/cockpit/cockpit.js` and
///   `/cockpit/cockpit.css` (no data in them) are open. No build step: the files are the text
///   in ``CockpitAssets``.
/// - `POST /cockpit/login` — form field `token`; sets the admin cookie and sends the browser
///   back to `/cockpit`. The page and its feed accept the cookie or the bearer header, like `/v1`.
/// - `GET /v1/cockpit` — the document the page renders (see ``CockpitSource``).
/// - `GET /cockpit/events` — `text/event-stream`: an `event: cockpit` with the document every
///   `refresh`, for at most `streamLimit` (the browser's EventSource reconnects by itself).
struct CockpitRoutes: Sendable {
    let source: any CockpitSource
    let token: String?
    let refresh: Duration
    let streamLimit: Duration
    let logger: Logger

    func add(to router: Router<BasicRequestContext>, v1: RouterGroup<BasicRequestContext>) {
        let token = self.token
        let source = self.source
        let logger = self.logger
        router.post("/cockpit/login") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4096)
            let form = Self.formFields(String(buffer: body))
            guard let token else { return Self.redirect() }
            guard let given = form["token"], BearerTokenMiddleware<BasicRequestContext>.equal(Array(given.utf8), Array(token.utf8)) else {
                return Self.html(.unauthorized, CockpitAssets.login(failed: true))
            }
            var response = Self.redirect()
            response.headers[.setCookie] = AdminCredentials.loginCookie(token)
            return response
        }
        // The script and the style sheet hold no data; the login form needs the style sheet.
        router.get("/cockpit/cockpit.js") { _, _ in Self.text(CockpitAssets.script, type: "text/javascript; charset=utf-8") }
        router.get("/cockpit/cockpit.css") { _, _ in Self.text(CockpitAssets.style, type: "text/css; charset=utf-8") }
        let pages = router.group("/cockpit")
        pages.add(middleware: CockpitGate(token: token))
        pages.get { _, _ in Self.html(.ok, CockpitAssets.html) }
        pages.get("/events") { _, _ in events() }
        v1.get("/cockpit") { _, _ in
            do {
                return AdminResponse.json(.ok, try await source.cockpitJSON())
            } catch {
                logger.error("cockpit cannot be read", metadata: ["error": "\(error)"])
                return AdminResponse.error(.internalServerError, "the cockpit cannot be read: \(error)")
            }
        }
    }

    /// The live feed: the document now, then again every `refresh`, until `streamLimit`, a
    /// shutdown or the client leaving (a write to a closed connection throws).
    private func events() -> Response {
        let source = self.source
        let refresh = self.refresh
        let limit = self.streamLimit
        let logger = self.logger
        let body = ResponseBody { writer in
            let end = ContinuousClock.now + limit
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            var sequence = 0
            while ContinuousClock.now < end, !Task.isCancelled, !Task.isShuttingDownGracefully {
                sequence += 1
                do {
                    let json = try await source.cockpitJSON()
                    try await writer.write(ByteBuffer(string: "event: cockpit\nid: \(sequence)\ndata: \(json)\n\n"))
                } catch let error as CancellationError {
                    throw error
                } catch {
                    logger.warning("cockpit feed cannot be read", metadata: ["error": "\(error)"])
                    try await writer.write(ByteBuffer(string: ": cockpit unavailable\n\n"))
                }
                try await Task.sleep(for: refresh)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"], body: body)
    }

    static func html(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect() -> Response {
        Response(status: .seeOther, headers: [.location: "/cockpit"])
    }

    /// `application/x-www-form-urlencoded` fields (the last of a repeated name wins).
    static func formFields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ") }
            guard let name = parts.first?.removingPercentEncoding else { continue }
            fields[name] = parts.count > 1 ? (parts[1].removingPercentEncoding ?? "") : ""
        }
        return fields
    }
}

/// Lets a cockpit request through with the admin token (header or cookie); answers the login
/// form otherwise. No token configured: everything passes, as for `/v1`.
struct CockpitGate<Context: RequestContext>: RouterMiddleware {
    let token: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token, !AdminCredentials.present(request, token: token) else {
            return try await next(request, context)
        }
        return CockpitRoutes.html(.unauthorized, CockpitAssets.login(failed: false))
    }
}
