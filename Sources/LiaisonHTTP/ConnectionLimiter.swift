import Logging
import Synchronization

/// Decides, connection by connection, whether the admin server serves or refuses: at most
/// `maximum` open at once. A value type returning what to do; the caller does the IO and the
/// logging, so that the decisions are tested without sockets.
struct ConnectionLimiter: Sendable, Equatable {
    /// What to do with a connection just accepted.
    enum Admission: Equatable {
        /// Serve it; it holds a slot until it closes.
        case serve
        /// Close it at once. `announce` is true for the first refusal since the limit was
        /// reached, so that a flood is logged once rather than once per connection.
        case refuse(announce: Bool)
    }

    /// What a closed connection changed.
    enum Release: Equatable {
        case nothing
        /// The server is below the limit again after refusing `refused` connections.
        case recovered(refused: Int)
    }

    /// Connections served at once.
    let maximum: Int
    /// Connections holding a slot.
    private(set) var open = 0
    /// Connections refused since the limit was last reached.
    private(set) var refused = 0

    init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    /// Counts a connection just accepted and says whether to serve it.
    mutating func accepted() -> Admission {
        guard open < maximum else {
            refused += 1
            return .refuse(announce: refused == 1)
        }
        open += 1
        return .serve
    }

    /// Gives back the slot of a served connection that closed.
    mutating func closed() -> Release {
        open = max(0, open - 1)
        guard refused > 0 else { return .nothing }
        defer { refused = 0 }
        return .recovered(refused: refused)
    }
}

/// The one limiter of a running admin server, shared by its connections across event loops.
final class SharedConnectionLimiter: Sendable {
    private let state: Mutex<ConnectionLimiter>
    private let logger: Logger

    init(maximum: Int, logger: Logger) {
        self.state = Mutex(ConnectionLimiter(maximum: maximum))
        self.logger = logger
    }

    /// Counts a new connection; true when it is to be served.
    func admit() -> Bool {
        let (admission, maximum) = state.withLock { ($0.accepted(), $0.maximum) }
        switch admission {
        case .serve:
            return true
        case .refuse(let announce):
            if announce {
                logger.warning("admin server at its connection limit: refusing new connections", metadata: [
                    "max_connections": "\(maximum)",
                ])
            }
            return false
        }
    }

    /// Gives back a served connection's slot.
    func release() {
        if case .recovered(let refused) = state.withLock({ $0.closed() }) {
            logger.notice("admin server accepting connections again", metadata: ["refused": "\(refused)"])
        }
    }
}
