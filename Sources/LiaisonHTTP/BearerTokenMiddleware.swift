import Hummingbird

/// Lets a request through only when it carries `Authorization: Bearer <token>`, or the cookie
/// the cockpit's login form sets (``AdminCredentials``).
///
/// The comparison looks at every byte whatever the mismatch, so the time it takes does not tell
/// an attacker how much of a guess was right.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard AdminCredentials.present(request, token: token) else {
            var response = AdminResponse.error(.unauthorized, "missing or wrong bearer token")
            response.headers[.wwwAuthenticate] = "Bearer realm=\"liaison\""
            return response
        }
        return try await next(request, context)
    }

    /// Constant-time comparison of two byte strings. Lengths are compared explicitly: folding
    /// them into the byte difference would let lengths 256 apart, padded with NUL bytes (which
    /// a percent-encoded cookie can carry), compare equal.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
