import Foundation
import LiaisonHTTP
import Yams

extension LiaisonConfiguration {
    /// The admin HTTP server: where it listens, the bearer token that guards `/v1/…`, and how
    /// many connections it serves and for how long.
    public struct Admin: Sendable, Equatable {
        /// `host:port` to listen on, loopback by default; `off` runs no admin server.
        public var listen = "127.0.0.1:8089"
        /// File holding the bearer token (first line; a Kubernetes Secret mounted as a file).
        public var tokenFile: String?
        /// The token itself, from `LIAISON_ADMIN_TOKEN` only: secrets stay out of the file.
        /// Wins over `tokenFile` when both are set.
        public var token: String?
        /// Connections served at once; further ones are closed on arrival. Connecting needs no
        /// token, so this bounds what a flood can take from the process's file descriptors.
        public var maxConnections = 256
        /// How long a connection may stay idle, or take to send a whole request, before the
        /// server closes it.
        public var idleTimeout: Duration = .seconds(30)
        /// Creates the defaults.
        public init() {}

        /// True unless `listen` is `off`.
        public var enabled: Bool { listen != "off" }

        /// The server's configuration, reading `tokenFile` if no token came from the environment.
        /// Throws when the token file cannot be read or is empty: starting without the token
        /// the operator asked for would expose the case views.
        public func serverConfiguration() throws(RuntimeError) -> AdminServerConfiguration {
            var resolved = token
            if resolved == nil, let tokenFile {
                let text: String
                do {
                    text = try String(contentsOfFile: tokenFile, encoding: .utf8)
                } catch {
                    throw RuntimeError(code: .badConfiguration, reason: "admin.token_file \(tokenFile): cannot be read: \(error.localizedDescription)")
                }
                let line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard !line.isEmpty else {
                    throw RuntimeError(code: .badConfiguration, reason: "admin.token_file \(tokenFile) is empty")
                }
                resolved = line
            }
            guard var server = AdminServerConfiguration(listen: listen, token: resolved) else {
                throw RuntimeError(code: .badConfiguration, reason: "admin.listen '\(listen)' is not host:port")
            }
            server.maxConnections = maxConnections
            server.idleTimeout = idleTimeout
            return server
        }
    }
}

extension ConfigurationReader {
    /// A duration longer than zero: a zero timeout would close every connection on arrival.
    mutating func positiveDuration(_ node: Node, _ path: String) -> Duration? {
        guard let value = duration(node, path) else { return nil }
        guard value > .zero else {
            report(node, "'\(path)' must be longer than 0s")
            return nil
        }
        return value
    }

    /// `host:port` or `off`.
    mutating func adminListen(_ node: Node, _ path: String) -> String? {
        guard let text = node.string, text == "off" || AdminServerConfiguration(listen: text) != nil else {
            report(node, "'\(path)' must be host:port (such as 127.0.0.1:8089 or 0.0.0.0:8089) or off")
            return nil
        }
        return text
    }
}
