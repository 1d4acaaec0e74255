/// Why the admin server stopped: says which address, so that an operator knows which setting
/// (`admin.listen`, `LIAISON_ADMIN_LISTEN`) to change.
public struct AdminServerError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, for scripts and tests.
    public enum Code: String, Sendable {
        /// The server could not listen or stopped serving (port taken, address not local…).
        case serverFailed = "admin-server-failed"
    }

    /// The kind of failure.
    public var code: Code
    /// The address it was given, `host:port`.
    public var address: String
    /// The underlying error.
    public var reason: String

    /// Creates an error.
    public init(code: Code, address: String, reason: String) {
        self.code = code
        self.address = address
        self.reason = reason
    }

    /// The code, the address and what went wrong, with the settings that choose the address.
    public var description: String {
        "\(code.rawValue): the admin server on \(address) failed (set admin.listen or LIAISON_ADMIN_LISTEN): \(reason)"
    }
}
