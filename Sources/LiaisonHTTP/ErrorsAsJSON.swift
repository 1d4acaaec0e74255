import Hummingbird

/// Turns errors thrown below it (unknown routes, wrong methods, handler failures) into the admin
/// server's JSON error shape, so that a client never has to parse an empty or HTML body.
struct ErrorsAsJSON<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let message = error.body ?? "\(error.status.reasonPhrase): \(request.method) \(request.uri.path)"
            var response = AdminResponse.error(error.status, message)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch {
            return AdminResponse.error(.internalServerError, "\(error)")
        }
    }
}
