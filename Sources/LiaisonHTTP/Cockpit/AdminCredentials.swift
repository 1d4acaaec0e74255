import Foundation
import Hummingbird

/// The admin token a request presents: `Authorization: Bearer <token>`, or the cookie the
/// cockpit's login form sets (a browser cannot add a header to a page it navigates to).
enum AdminCredentials {
    /// The cookie set by `POST /cockpit/login`: HttpOnly, SameSite=Strict, path `/`.
    static let cookieName = "liaison_admin_token"

    /// True when the request carries `token` in the header or the cookie (compared in constant time).
    static func present(_ request: Request, token: String) -> Bool {
        let expected = Array(token.utf8)
        if let header = request.headers[.authorization], header.hasPrefix("Bearer "),
           BearerTokenMiddleware<BasicRequestContext>.equal(Array(header.utf8.dropFirst(7)), expected) {
            return true
        }
        if let cookie = request.cookies[cookieName]?.value, let value = cookie.removingPercentEncoding,
           BearerTokenMiddleware<BasicRequestContext>.equal(Array(value.utf8), expected) {
            return true
        }
        return false
    }

    /// The `Set-Cookie` value that logs a browser in (the token percent-encoded).
    static func loginCookie(_ token: String) -> String {
        let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "\(cookieName)=\(encoded); Path=/; HttpOnly; SameSite=Strict"
    }
}
