/// Where the admin server listens, whom it lets in and how much of the process it may use.
public struct AdminServerConfiguration: Sendable, Equatable {
    /// Interface to bind; loopback by default so that nothing is exposed unless asked for.
    public var host: String
    /// TCP port (0 picks a free one, for tests).
    public var port: Int
    /// When set, `/v1/…` requires `Authorization: Bearer <token>` and answers 401 without it.
    /// Probes and `/metrics` stay open: kubelets and annotation-discovered Prometheus scrapes
    /// send no token, and those endpoints show no case data.
    public var token: String?
    /// Connections served at once. Anyone who reaches the port can open connections without a
    /// token; past this many, new ones are closed as soon as they are accepted, so that a flood
    /// costs refused connections instead of the process's file descriptors.
    public var maxConnections: Int
    /// How long a connection may stay idle, and how long a client may take to send a whole
    /// request, before the server closes it: idle and slow clients give their slot back.
    public var idleTimeout: Duration

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8089,
        token: String? = nil,
        maxConnections: Int = 256,
        idleTimeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
    }

    /// Parses `host:port` (`[v6]:port` for IPv6); nil when it is not of that form. The limits
    /// keep their defaults.
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
