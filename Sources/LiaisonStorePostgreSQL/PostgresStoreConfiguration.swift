import LiaisonStore

/// Where the shared PostgreSQL store is and how to reach it, read from a
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=…]` address.
///
/// The password comes from the address only when the address itself comes from a secret (the
/// environment); otherwise from ``password`` set by the caller (`LIAISON_STORE_PASSWORD` or a
/// password file). `sslmode` is `disable`, `prefer` (the default) or `require`.
public struct PostgresStoreConfiguration: Sendable, Equatable {
    /// How the connection uses TLS.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// Plain TCP (loopback, or a network that is already private).
        case disable
        /// TLS when the server offers it, plain TCP otherwise.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// Server host name or address.
    public var host: String
    /// Server port.
    public var port: Int
    /// Role to log in as.
    public var user: String
    /// The role's password, if it has one.
    public var password: String?
    /// Database name.
    public var database: String
    /// TLS use.
    public var tls: TLSMode
    /// The most connections the daemon opens (reads, commits and the publisher's deletes share them).
    public var maximumConnections: Int
    /// How long one store call may take, waiting for a connection included, before it fails
    /// as `unavailable`: while the server is away, calls fail and are retried instead of
    /// hanging.
    public var callTimeout: Duration = .seconds(15)
    /// How long the server lets one of the daemon's transactions sit idle between two statements
    /// before it ends the session (`idle_in_transaction_session_timeout`). A client stopped
    /// inside a commit (SIGSTOP, a frozen VM, a network cut that leaves the connection open)
    /// would otherwise hold the lease rows it read, and the partition's next owner would wait
    /// on them for as long as it stays stopped. Shorter than any sensible
    /// `session.timeout.ms`, so the locks are gone by the time the group reassigns the
    /// partitions; far longer than the daemon ever pauses between two statements of a commit.
    public var idleTransactionTimeout: Duration = .seconds(5)

    /// Creates a configuration from its parts.
    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
                tls: TLSMode = .prefer, maximumConnections: Int = 8) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.maximumConnections = maximumConnections
    }

    /// Reads a `postgres://` (or `postgresql://`) address; percent-escapes in the user,
    /// password and database are decoded.
    public init(url: String) throws(StoreError) {
        func bad(_ why: String) -> StoreError {
            StoreError(code: .badAddress, reason: "store.url \(Self.redacted(url)): \(why); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        var rest = Substring(url)
        guard let scheme = rest.range(of: "://"), ["postgres", "postgresql"].contains(rest[..<scheme.lowerBound]) else {
            throw bad("the scheme must be postgres://")
        }
        rest = rest[scheme.upperBound...]
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@") else { throw bad("a user is needed (USER@HOST)") }
        let credentials = rest[..<at]
        rest = rest[rest.index(after: at)...]
        guard let slash = rest.firstIndex(of: "/") else { throw bad("a database is needed (HOST/DATABASE)") }
        let hostPort = rest[..<slash]
        let databaseText = rest[rest.index(after: slash)...]
        let userText: Substring
        var passwordText: Substring?
        if let colon = credentials.firstIndex(of: ":") {
            userText = credentials[..<colon]
            passwordText = credentials[credentials.index(after: colon)...]
        } else {
            userText = credentials
        }
        guard let user = Self.percentDecoded(userText), !user.isEmpty else { throw bad("the user is empty or badly escaped") }
        guard let database = Self.percentDecoded(databaseText), !database.isEmpty else {
            throw bad("the database is empty or badly escaped")
        }
        var password: String?
        if let passwordText {
            guard let decoded = Self.percentDecoded(passwordText) else { throw bad("the password is badly escaped") }
            password = decoded
        }
        var host = String(hostPort)
        var port = 5432
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw bad("an IPv6 host needs its closing ]") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()), (1...65535).contains(number) else { throw bad("the port is not a number in 1…65535") }
                port = number
            } else if !after.isEmpty {
                throw bad("unexpected text after the host")
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            guard let number = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(number) else {
                throw bad("the port is not a number in 1…65535")
            }
            port = number
        }
        guard !host.isEmpty else { throw bad("the host is empty") }
        var tls = TLSMode.prefer
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let name = parts[0]
            let value = parts.count > 1 ? String(parts[1]) : ""
            switch name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw bad("sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")), not \(value)")
                }
                tls = mode
            default:
                throw bad("unknown parameter \(name) (only sslmode is understood)")
            }
        }
        self.init(host: host, port: port, user: user, password: password, database: database, tls: tls)
    }

    /// Whether a `postgres://` address carries a password (which belongs in a secret, not a
    /// configuration file).
    public static func containsPassword(_ url: String) -> Bool {
        guard let scheme = url.range(of: "://") else { return false }
        let rest = url[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return false }
        return rest[..<at].contains(":")
    }

    /// The address with any password replaced by `***`, for logs and errors.
    public static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// This configuration as an address without the password, for logs.
    public var displayAddress: String {
        "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
    }

    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
