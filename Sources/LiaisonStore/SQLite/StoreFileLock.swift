import Foundation

/// The one owner of the lock file that makes a ``SQLiteStore`` exclusive to one process.
///
/// Two daemons committing to one store file would each believe they own every partition;
/// SQLite's own locks only serialise their transactions. So a store takes an exclusive,
/// non-blocking `flock` on `<database>-lock` before opening the database and keeps it until it
/// is deallocated. `flock` rather than `fcntl`: its locks belong to the open file description,
/// so two opens in one process conflict too, and the kernel drops them when the descriptor
/// closes, also when the process is killed.
///
/// The lock is advisory and lies beside the database, not on it: SQLite's locking is left as it
/// is, so an operator's `sqlite3` can still read the store while the daemon runs. The file is
/// never deleted: removing a lock file lets two processes lock two different files under one name.
final class StoreFileLock: Sendable {
    /// Who holds a lock, as written into the lock file for the next one to read.
    struct Holder: Equatable {
        var pid: Int32
        var host: String

        /// This process.
        static var current: Holder { Holder(pid: getpid(), host: hostName) }

        /// Whether the process may still be running: false only when it is on this host and
        /// gone (a holder killed with `kill -9` leaves its pid behind).
        var mayBeAlive: Bool {
            host != Self.current.host || kill(pid, 0) == 0 || errno == EPERM
        }

        /// `pid=1234 host=name`, one line.
        var line: String { "pid=\(pid) host=\(host)\n" }

        /// Parses ``line``; `nil` for anything else (an empty file, a foreign format).
        init?(line: String) {
            var fields: [Substring: Substring] = [:]
            for field in line.split(whereSeparator: \.isWhitespace) {
                let parts = field.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            guard let pid = fields["pid"].flatMap({ Int32($0) }), let host = fields["host"] else { return nil }
            self.init(pid: pid, host: String(host))
        }

        init(pid: Int32, host: String) {
            self.pid = pid
            self.host = host
        }

        private static var hostName: String {
            var name = [CChar](repeating: 0, count: 256)
            guard gethostname(&name, name.count - 1) == 0 else { return "unknown" }
            return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// The lock file.
    let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        // Forget our pid first, so that whoever locks the file next without writing one (such
        // as `flock(1)`) is not reported as us. Closing releases the lock; the file stays.
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }

    /// The lock file of the database at `database`.
    static func path(for database: String) -> String { database + "-lock" }

    /// Locks the lock file of `database`, creating it if needed, and records this process in it.
    ///
    /// - Throws: ``StoreError/Code/inUse`` at once when another store holds the lock, in this
    ///   process or another; ``StoreError/Code/io`` when the file cannot be opened or locked.
    static func acquire(for database: String) throws(StoreError) -> StoreFileLock {
        let path = path(for: database)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(code: .io, reason: "opening lock file \(path) of \(database): \(errnoText(errno))")
        }
        var rc: Int32
        // A lock released a moment ago can still be held for a few milliseconds by a child
        // process another thread of this process is spawning (it holds a copy of the
        // descriptor until it execs): wait briefly before calling the store taken.
        var attempts = 0
        while true {
            repeat { rc = flock(descriptor, LOCK_EX | LOCK_NB) } while rc != 0 && errno == EINTR
            guard rc != 0, errno == EWOULDBLOCK, attempts < 10 else { break }
            attempts += 1
            usleep(20_000)
        }
        guard rc == 0 else {
            let failure = errno
            let holder = readHolder(descriptor)
            close(descriptor)
            if failure == EWOULDBLOCK { throw inUse(database: database, lockFile: path, holder: holder) }
            throw StoreError(code: .io, reason: "locking \(path) of \(database): \(errnoText(failure))")
        }
        // Only for the message a second opener shows; the lock holds whether or not this lands.
        let line = Array(Holder.current.line.utf8)
        if ftruncate(descriptor, 0) == 0 {
            _ = line.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
        return StoreFileLock(path: path, descriptor: descriptor)
    }

    private static func readHolder(_ descriptor: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Holder(line: String(decoding: buffer.prefix(count), as: UTF8.self))
    }

    private static func inUse(database: String, lockFile: String, holder: Holder?) -> StoreError {
        let who: String
        switch holder {
        case .some(let holder) where holder == .current:
            who = "held by pid \(holder.pid) on \(holder.host): another store in this very process"
        case .some(let holder) where holder.mayBeAlive:
            who = "held by pid \(holder.pid) on \(holder.host)"
        case .some, .none:
            // Locked by something that wrote no pid (yet), or left over from a dead process.
            who = "holder unknown"
        }
        return StoreError(
            code: .inUse,
            reason: "\(database) is in use by another Liaison instance (\(who); lock file \(lockFile)): "
                + "stop that instance, or give this one another store.path"
        )
    }

    private static func errnoText(_ code: Int32) -> String {
        "\(String(cString: strerror(code))) (errno \(code))"
    }
}
