#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// The process's limit on open file descriptors (`RLIMIT_NOFILE`).
///
/// Kafka connections, the store, the admin server's sockets and the runtime's own descriptors
/// all come out of it, and the soft limit many systems start a process with (1024) is reached
/// long before the hard one. Running out does not fail politely: libdispatch traps.
enum OpenFileLimit {
    /// Raises the soft limit to the hard limit and logs both; logs a warning and carries on
    /// when the system refuses.
    static func raise(logger: Logger) {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else {
            logger.warning("open file limit cannot be read", metadata: ["errno": "\(errno)"])
            return
        }
        let before = limit.rlim_cur
        var target = limit.rlim_max
        #if canImport(Darwin)
        // Darwin refuses a soft limit above OPEN_MAX even when the hard limit is unlimited.
        target = min(target, rlim_t(OPEN_MAX))
        #endif
        guard before < target else {
            logger.info("open file limit", metadata: ["soft": "\(describe(before))", "hard": "\(describe(limit.rlim_max))"])
            return
        }
        limit.rlim_cur = target
        guard setrlimit(resource, &limit) == 0 else {
            logger.warning("open file limit cannot be raised", metadata: [
                "soft": "\(describe(before))", "hard": "\(describe(limit.rlim_max))", "errno": "\(errno)",
            ])
            return
        }
        logger.info("open file limit raised", metadata: [
            "from": "\(describe(before))", "to": "\(describe(target))", "hard": "\(describe(limit.rlim_max))",
        ])
    }

    private static func describe(_ value: rlim_t) -> String {
        value == unlimited ? "unlimited" : "\(value)"
    }

    #if canImport(Darwin)
    private static let resource = RLIMIT_NOFILE
    private static let unlimited = RLIM_INFINITY
    #else
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    /// glibc's `RLIM_INFINITY` is `(rlim_t) -1`, a cast Swift does not import.
    private static let unlimited = rlim_t.max
    #endif
}
