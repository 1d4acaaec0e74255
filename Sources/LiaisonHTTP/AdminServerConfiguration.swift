/// Where the admin server listens and whom it lets in.
public struct AdminServerConfiguration: Sendable, Equatable {
    /// Interface to bind; loopback by default so that nothing is exposed unless asked for.
    public var host: String
    /// TCP port (0 picks a free one, for tests).
    public var port: Int
    /// When set, `/v1/…` requires `Authorization: Bearer <token>` and answers 401 without it.
    /// Probes and `/metrics` stay open: kubelets and annotation-discovered Prometheus scrapes
    /// send no token, and those endpoints show no case data.
    public var token: String?

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 8089, token: String? = nil) {
        self.host = host
        self.port = port
        self.token = token
    }

    /// Parses `host:port` (`[v6]:port` for IPv6); nil when it is not of that form.
    public init?(listen: String, token: String? = nil) {
        guard let colon = listen.lastIndex(of: ":"),
              let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port)
        else { return nil }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port, token: token)
    }
}
