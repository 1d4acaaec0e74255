import Foundation
import Logging
import Synchronization

/// The embedded store: one SQLite database file in WAL mode, for a single daemon instance.
///
/// One process at a time: the store holds an exclusive lock on `<path>-lock` from its creation
/// until it is deallocated, and a second store opened on the same path, in this process or
/// another, fails at once with ``StoreError/Code/inUse``. SQLite's own locking is unchanged, so
/// the `sqlite3` shell can still read the file meanwhile, and so can a read-only snapshot
/// (``init(snapshotOf:logger:)``), which takes no lock.
///
/// This is the one owner of the SQLite connection. Every call takes an internal lock, runs
/// synchronously and may block on disk: call it from the daemon's own thread, never from the
/// cooperative pool. With the default ``Configuration/Synchronous-swift.enum/full`` a returned
/// ``commit(_:)`` survives `kill -9` and power loss.
public final class SQLiteStore: StateStore, Sendable {
    /// The connection is not thread-safe: it is only ever used with this lock held (`locked`).
    private let connection: Mutex<SQLiteConnection>
    /// Where the ``StateStore`` calls run, one at a time, off the cooperative pool.
    let queue = DispatchQueue(label: "liaison.store", qos: .userInitiated)
    /// The processor's case-state reads, beside the writer (see ``SQLiteReader``); nil for a
    /// read-only snapshot, whose one connection reads everything.
    private let reader: SQLiteReader?
    /// Copies the write-ahead log back off the committing thread; nil for a read-only snapshot,
    /// which writes nothing.
    private let logCheckpointer: SQLiteLogCheckpointer?
    /// Held for the store's whole life, released when it is deallocated; nil for a read-only
    /// snapshot, which leaves the store to the daemon that holds it.
    private let fileLock: StoreFileLock?
    let logger: Logger
    /// How the store was opened.
    let configuration: Configuration

    /// The database file.
    public let path: String

    /// Takes the store's lock, then opens the store at `path`, creating its directory, file and
    /// schema if needed and migrating an older schema forward.
    ///
    /// - Throws: ``StoreError`` with code `inUse` when another store holds `path` (naming the
    ///   holder's pid), `io` when the directory or files cannot be created, `schemaTooNew`
    ///   when a newer Liaison wrote the file. A failed open leaves the lock free.
    public init(path: String, configuration: Configuration = .init(), logger: Logger) throws(StoreError) {
        self.path = path
        self.logger = logger
        self.configuration = configuration
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(code: .io, reason: "creating directory \(directory.path): \(error)")
        }
        // Before SQLite touches the file: a second daemon must not even migrate it.
        fileLock = try StoreFileLock.acquire(for: path)
        let opened = try SQLiteConnection(path: path)
        try Self.configure(opened, configuration)
        let version = try Self.migrate(opened, logger: logger)
        try Self.syncDirectory(directory.path)
        reader = try SQLiteReader(path: path, configuration: configuration)
        let logCheckpointer = try SQLiteLogCheckpointer(path: path, thresholdFrames: configuration.checkpointPages,
                                                        configuration: configuration, logger: logger)
        self.logCheckpointer = logCheckpointer
        SQLiteLogCheckpointer.install(logCheckpointer, on: opened)
        connection = Mutex(opened)
        logger.info(
            "store opened",
            metadata: [
                "path": "\(path)", "schema": "\(version)", "lock": "\(fileLock?.path ?? "none")",
                "synchronous": "\(configuration.synchronous.rawValue)",
            ]
        )
    }

    deinit {
        connection.withLock { $0.onLogGrowth(nil, context: nil) }
    }

    /// The stored states of `ids`, from the last committed snapshot, on the reader's own
    /// connection: it does not wait for a commit in progress.
    func readCommittedStates(ids: [String]) async throws(StoreError) -> [String: [UInt8]] {
        // A snapshot reads on its one connection, inside its read transaction.
        guard let reader else { return try await onQueue { store throws(StoreError) in try store.caseStates(ids: ids) } }
        return try await reader.caseStates(ids: ids)
    }

    /// Opens the store at `path` for reading only, without its lock, as one consistent
    /// snapshot: for a tool that reads a store a running daemon holds (`liaison audit verify
    /// --store`).
    ///
    /// The connection is read-only and holds one read transaction from here until the store is
    /// deallocated, so every read sees the store as it was when it opened, whatever the daemon
    /// commits meanwhile (in WAL mode a reader and the writer do not wait for each other). Keep
    /// it short-lived: while it lives, the daemon's write-ahead log cannot start over and grows.
    /// Nothing is created or migrated; every write fails.
    ///
    /// - Throws: ``StoreError`` with code `io` when there is no store at `path` or it cannot be
    ///   opened (a read-only open still needs the `-shm` file, or a directory it may create it
    ///   in); `schemaTooNew` or `database` when its schema is not the one this build reads.
    public init(snapshotOf path: String, logger: Logger) throws(StoreError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw StoreError(code: .io, reason: "there is no SQLite store at \(path)")
        }
        self.path = path
        self.logger = logger
        configuration = Configuration()
        fileLock = nil
        reader = nil
        logCheckpointer = nil
        let opened = try SQLiteConnection(path: path, readOnly: true)
        try opened.execute("PRAGMA busy_timeout = \(configuration.busyTimeoutMilliseconds)")
        // The first read starts the snapshot; every later read is inside it.
        try opened.execute("BEGIN")
        let stored = try opened.scalar("SELECT max(version) FROM schema_version") ?? 0
        guard stored == Self.currentSchemaVersion else {
            throw StoreError(
                code: stored > Self.currentSchemaVersion ? .schemaTooNew : .database,
                reason: "\(path) has schema version \(stored); this build reads \(Self.currentSchemaVersion) "
                    + "and does not migrate a store it only reads: use the Liaison version that runs on it"
            )
        }
        connection = Mutex(opened)
        logger.info("store snapshot opened", metadata: ["path": "\(path)", "schema": "\(stored)"])
    }

    /// Runs `body` with exclusive use of the connection.
    func locked<T: Sendable>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try connection.withLock { connection throws(StoreError) in try body(connection) }
    }

    /// WAL journal (readers never block the writer, one fsync per commit), the chosen
    /// durability level, a busy timeout for other processes (e.g. `sqlite3` opened by an
    /// operator) and a cap on the log's size after checkpoints.
    private static func configure(_ connection: SQLiteConnection, _ configuration: Configuration) throws(StoreError) {
        try connection.execute("PRAGMA busy_timeout = \(configuration.busyTimeoutMilliseconds)")
        let mode = try connection.withStatement("PRAGMA journal_mode = WAL") { statement throws(StoreError) in
            try statement.step() ? statement.text(0) : ""
        }
        guard mode.lowercased() == "wal" else {
            throw StoreError(code: .io, reason: "\(connection.path): cannot switch to WAL journal (got \(mode))")
        }
        try connection.execute("PRAGMA synchronous = \(configuration.synchronous.rawValue)")
        try connection.execute("PRAGMA journal_size_limit = \(64 * 1024 * 1024)")
        // The daemon's working set (open cases, their timers, the outbox) is read and rewritten
        // every batch: keep it in SQLite's own page cache instead of re-reading pages with a
        // system call each (the default cache is 2 MiB), and map the file for the reads that
        // still miss.
        try connection.execute("PRAGMA cache_size = -\(configuration.cacheKiB)")
        try connection.execute("PRAGMA mmap_size = \(configuration.mmapBytes)")
        try connection.execute("PRAGMA temp_store = MEMORY")
    }

    /// Makes the database file's directory entry durable: SQLite syncs the directory when it
    /// creates a journal or log, but not after creating the main file, so a power loss right
    /// after the first commits could otherwise lose a brand-new store.
    private static func syncDirectory(_ path: String) throws(StoreError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw StoreError(code: .io, reason: "opening directory \(path) to sync it: errno \(errno)")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw StoreError(code: .io, reason: "syncing directory \(path): errno \(errno)")
        }
    }
}

extension SQLiteStore {
    /// Deletes the store at `path` (its database, WAL and shared-memory files) under the store's
    /// lock, so that a store a running instance holds is never wiped from under it.
    ///
    /// - Throws: ``StoreError/Code/inUse`` when another instance holds the store.
    public static func removeFiles(at path: String) throws(StoreError) {
        let lock = try StoreFileLock.acquire(for: path)
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
        withExtendedLifetime(lock) {}
    }
}
