import Foundation
import Synchronization

/// A PostgreSQL server of the tests' own: a cluster made with `initdb` in a temporary folder,
/// started with `pg_ctl` on a free loopback port, stopped and removed when the test process
/// exits. One per test process, started on first use; each test takes a database of its own.
///
/// PostgreSQL refuses to run as root, so when the tests run as root (CI, a fresh machine) the
/// cluster belongs to the `postgres` account Debian's package creates (or `nobody`) and its
/// commands run through `runuser`. The binaries come from `LIAISON_PG_BIN`, else the newest
/// `/usr/lib/postgresql/*/bin`, else `PATH`. The server runs with `fsync=off`: it is thrown
/// away, and the tests kill Liaison, never PostgreSQL, unless a test stops it on purpose.
public final class ThrowawayPostgres: Sendable {
    /// Why a server could not be started: the message says what to install or fix.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The loopback address it listens on.
    public let host = "127.0.0.1"
    /// Its port.
    public let port: Int
    /// The superuser the tests log in as (trust authentication, loopback only).
    public let user = "liaison"
    /// The folder holding the cluster, its socket and its log.
    public let folder: URL
    private let binaries: URL
    private let runAs: String?
    private let counter = Mutex(0)

    private static let started = Mutex<Result<ThrowawayPostgres, Failure>?>(nil)

    /// The test process's server, started on first call.
    public static func shared() throws -> ThrowawayPostgres {
        try started.withLock { slot in
            if let slot { return try slot.get() }
            let result = Result { () throws(Failure) -> ThrowawayPostgres in try ThrowawayPostgres() }
            slot = result
            if case .success = result { atexit { ThrowawayPostgres.stopShared() } }
            return try result.get()
        }
    }

    /// A server of the caller's own, for a test that stops and restarts it; the caller stops
    /// it with ``stop()`` (it is also stopped when the process exits).
    public static func dedicated() throws -> ThrowawayPostgres {
        let server = try ThrowawayPostgres()
        dedicatedServers.withLock { $0.append(server) }
        atexit { ThrowawayPostgres.stopDedicated() }
        return server
    }

    private static let dedicatedServers = Mutex<[ThrowawayPostgres]>([])

    private static func stopDedicated() {
        for server in dedicatedServers.withLock({ list in defer { list.removeAll() }; return list }) { server.stop() }
    }

    private static func stopShared() {
        guard case .success(let server)? = started.withLock({ $0 }) else { return }
        server.stop()
    }

    private init() throws(Failure) {
        binaries = try Self.findBinaries()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-pg-\(UUID().uuidString)")
        runAs = getuid() == 0 ? Self.unprivilegedAccount() : nil
        port = try Self.freePort()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if let runAs { try run("/bin/chown", [runAs, folder.path], asOwner: false) }
            try run(binaries.appendingPathComponent("initdb").path, [
                "-D", folder.appendingPathComponent("data").path, "-U", user, "--auth=trust", "-E", "UTF8",
                "--locale=C", "--no-sync",
            ])
            try run(binaries.appendingPathComponent("pg_ctl").path, [
                "-D", folder.appendingPathComponent("data").path, "-l", folder.appendingPathComponent("log").path, "-w", "-t", "60",
                "-o", "-c listen_addresses=\(host) -p \(port) -c unix_socket_directories=\(folder.path) -c fsync=off -c max_connections=300",
                "start",
            ])
        } catch {
            let log = (try? String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: folder)
            throw Failure(description: "cannot start a throwaway PostgreSQL: \(error)\(log.isEmpty ? "" : "\nserver log:\n\(log)")")
        }
    }

    /// A new, empty database; returns its name.
    public func createDatabase(prefix: String = "t") throws -> String {
        let number = counter.withLock { value in
            value += 1
            return value
        }
        let name = "\(prefix)_\(getpid())_\(number)"
        try run(binaries.appendingPathComponent("createdb").path, ["-h", host, "-p", "\(port)", "-U", user, name])
        return name
    }

    /// The address of one database, as `store.url` takes it.
    public func url(database: String) -> String {
        "postgres://\(user)@\(host):\(port)/\(database)?sslmode=disable"
    }

    /// Stops the server at once (as a crash would) and removes its folder.
    public func stop() {
        _ = try? run(binaries.appendingPathComponent("pg_ctl").path,
                     ["-D", folder.appendingPathComponent("data").path, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: folder)
    }

    /// Stops the server (fast shutdown) without removing it, so that ``restart()`` can bring
    /// it back with its data.
    public func pause() throws {
        try run(binaries.appendingPathComponent("pg_ctl").path,
                ["-D", folder.appendingPathComponent("data").path, "-m", "fast", "-w", "stop"])
    }

    /// Starts the server again after ``pause()``.
    public func restart() throws {
        try run(binaries.appendingPathComponent("pg_ctl").path, [
            "-D", folder.appendingPathComponent("data").path, "-l", folder.appendingPathComponent("log").path, "-w", "-t", "60",
            "-o", "-c listen_addresses=\(host) -p \(port) -c unix_socket_directories=\(folder.path) -c fsync=off -c max_connections=300",
            "start",
        ])
    }

    /// Runs a command to its end (with `posix_spawn` and `waitpid`, which need no run loop)
    /// and returns what it printed; throws with that text when it fails.
    @discardableResult
    private func run(_ executable: String, _ arguments: [String], asOwner: Bool = true) throws(Failure) -> String {
        let argv = (asOwner && runAs != nil) ? ["/usr/sbin/runuser", "-u", runAs!, "--", executable] + arguments : [executable] + arguments
        // Output goes to a file, not a pipe: the server `pg_ctl start` leaves running would
        // inherit the pipe and keep it open, and reading it would never end.
        let outputPath = folder.appendingPathComponent("command-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw Failure(description: "\(argv[0]): cannot start (error \(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            throw Failure(description: "\((executable as NSString).lastPathComponent) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }

    private static func findBinaries() throws(Failure) -> URL {
        let fileManager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["LIAISON_PG_BIN"] {
            return URL(fileURLWithPath: explicit)
        }
        let root = "/usr/lib/postgresql"
        let versions = ((try? fileManager.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        if let newest = versions.last {
            return URL(fileURLWithPath: "\(root)/\(newest)/bin")
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            if fileManager.isExecutableFile(atPath: "\(directory)/initdb") { return URL(fileURLWithPath: String(directory)) }
        }
        throw Failure(description: "no PostgreSQL server binaries (initdb, pg_ctl): install Debian's postgresql package or set LIAISON_PG_BIN")
    }

    private static func unprivilegedAccount() -> String {
        getpwnam("postgres") != nil ? "postgres" : "nobody"
    }

    /// A port nothing listens on right now (the kernel's choice for a socket bound to port 0).
    private static func freePort() throws(Failure) -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure(description: "bind: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw Failure(description: "getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
