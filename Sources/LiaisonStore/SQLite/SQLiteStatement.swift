import CSQLite

/// A prepared statement, owned by the ``SQLiteConnection`` that caches it.
///
/// Parameters are bound by position (1-based, as in SQLite). After use the statement must be
/// reset — ``SQLiteConnection/withStatement(_:_:)`` does it — so that a half-read SELECT does
/// not hold its read snapshot open (which would stop WAL checkpoints).
final class SQLiteStatement {
    /// SQLite's own destructor sentinel asking it to copy the bound bytes (the C macro
    /// `SQLITE_TRANSIENT` cannot be imported).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private let handle: OpaquePointer
    /// The SQL text, for error messages.
    let sql: String

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `values` to parameters 1…n.
    func bind(_ values: [SQLiteValue]) throws(StoreError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .integer(let number):
                rc = sqlite3_bind_int64(handle, index, number)
            case .text(let string):
                rc = bindText(string, at: index)
            case .blob(let bytes) where bytes.isEmpty:
                // A nil pointer would bind NULL; an empty blob must stay distinct from NULL.
                rc = sqlite3_bind_zeroblob(handle, index, 0)
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { buffer in
                    sqlite3_bind_blob64(handle, index, buffer.baseAddress, sqlite3_uint64(buffer.count), Self.transient)
                }
            case .null:
                rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw failure(rc, "binding parameter \(index)") }
        }
    }

    /// Binds `string` by its UTF-8 byte count, so that an embedded NUL is stored rather than
    /// ending the text (`sqlite3_bind_text` with length -1 would cut "a\0b" to "a").
    private func bindText(_ string: String, at index: Int32) -> Int32 {
        var string = string
        return string.withUTF8 { bytes in
            // A nil pointer would bind NULL; empty text must stay distinct from NULL.
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                return sqlite3_bind_text64(handle, index, "", 0, Self.transient, UInt8(SQLITE_UTF8))
            }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { text in
                sqlite3_bind_text64(handle, index, text, sqlite3_uint64(bytes.count), Self.transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    /// Advances to the next row; returns `false` when the statement is done.
    func step() throws(StoreError) -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw failure(rc, "executing")
        }
    }

    /// Runs a statement that returns no rows (or whose rows are not wanted).
    func run() throws(StoreError) {
        while try step() {}
    }

    /// Clears bindings and rewinds, ready for the next use.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Whether column `index` (0-based) of the current row is NULL.
    func isNull(_ index: Int32) -> Bool {
        sqlite3_column_type(handle, index) == SQLITE_NULL
    }

    /// Column `index` of the current row as an integer (0 for NULL).
    func int64(_ index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// Column `index` of the current row as text (empty for NULL), read by its byte count so
    /// that an embedded NUL survives.
    func text(_ index: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// Column `index` of the current row as bytes, or `nil` for NULL.
    func blob(_ index: Int32) -> [UInt8]? {
        if isNull(index) { return nil }
        let pointer = sqlite3_column_blob(handle, index)
        let count = Int(sqlite3_column_bytes(handle, index))
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    private func failure(_ rc: Int32, _ action: String) -> StoreError {
        let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
        return StoreError.sqlite(rc, "\(action) `\(sql)`: \(message)")
    }
}
