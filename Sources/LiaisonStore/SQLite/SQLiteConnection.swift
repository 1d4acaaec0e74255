import CSQLite

/// The one owner of a `sqlite3*` handle and of its prepared statements.
///
/// Not thread-safe (opened with `SQLITE_OPEN_NOMUTEX`): ``SQLiteStore`` serialises every use
/// behind its lock. Statements are prepared once per SQL text and cached; they are finalized
/// before the handle is closed in `deinit`.
final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    /// The database file, for error messages.
    let path: String

    /// Opens (creating if needed) the database file at `path`; `readOnly` opens an existing
    /// file for reading only.
    init(path: String, readOnly: Bool = false) throws(StoreError) {
        var opened: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &opened, flags, nil)
        guard rc == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            // A handle is returned even on most failures and must still be released.
            sqlite3_close_v2(opened)
            throw StoreError.sqlite(rc, "opening \(path): \(message)")
        }
        self.handle = opened
        self.path = path
        sqlite3_extended_result_codes(opened, 1)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Copies what the write-ahead log holds back into the database without waiting for
    /// readers or the writer (SQLite's passive checkpoint); returns the log's frames and how
    /// many of them are now in the database.
    @discardableResult
    func checkpointPassively() throws(StoreError) -> (logFrames: Int32, copied: Int32) {
        var logFrames: Int32 = 0
        var copied: Int32 = 0
        let rc = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &copied)
        guard rc == SQLITE_OK || rc == SQLITE_BUSY else {
            throw StoreError.sqlite(rc, "checkpointing the write-ahead log of \(path): \(lastMessage)")
        }
        return (logFrames, copied)
    }

    /// Calls `hook` after each commit with the number of frames in the write-ahead log, instead
    /// of SQLite's automatic checkpoint (which would copy the log back on the committing thread).
    /// `context` must outlive the connection or the next call.
    func onLogGrowth(_ hook: (@convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32)?,
                     context: UnsafeMutableRawPointer?) {
        sqlite3_wal_hook(handle, hook, context)
    }

    /// Runs one or more SQL statements without parameters (schema, pragmas, transactions).
    func execute(_ sql: String) throws(StoreError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(message)
            throw StoreError.sqlite(rc, "executing `\(sql)` on \(path): \(text)")
        }
    }

    /// Runs `body` with the cached statement for `sql`, bound to `values`, and resets the
    /// statement afterwards whatever happens.
    func withStatement<T>(
        _ sql: String,
        _ values: [SQLiteValue] = [],
        _ body: (SQLiteStatement) throws(StoreError) -> T
    ) throws(StoreError) -> T {
        let statement = try prepared(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try body(statement)
    }

    /// Runs a parameterised statement that returns no rows.
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws(StoreError) {
        try withStatement(sql, values) { statement throws(StoreError) in try statement.run() }
    }

    /// Runs a query whose first row's first column is an integer, or `nil` if no row or NULL.
    func scalar(_ sql: String, _ values: [SQLiteValue] = []) throws(StoreError) -> Int64? {
        try withStatement(sql, values) { statement throws(StoreError) in
            guard try statement.step(), !statement.isNull(0) else { return nil }
            return statement.int64(0)
        }
    }

    /// Runs `body` inside a write transaction taken up front (`BEGIN IMMEDIATE`, so that a
    /// busy database fails at the start rather than at the first write); commits if `body`
    /// returns, rolls back if it throws.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // Rolling back an already-ended transaction fails harmlessly; the first error wins.
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    private var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    private func prepared(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw StoreError.sqlite(rc, "preparing `\(sql)` on \(path): \(lastMessage)")
        }
        let wrapped = SQLiteStatement(handle: statement, sql: sql)
        statements[sql] = wrapped
        return wrapped
    }
}
