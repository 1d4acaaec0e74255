import CSQLite

extension StoreError {
    /// Maps a SQLite result code to a ``StoreError``: busy/locked are retriable, so are a full
    /// disk and a file that became read-only (`unwritable`: they clear when an operator frees
    /// space or fixes the mount); other file-level failures are `io`, the rest `database`.
    static func sqlite(_ rc: Int32, _ reason: String) -> StoreError {
        let code: Code
        switch rc & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED: code = .busy
        case SQLITE_FULL, SQLITE_READONLY: code = .unwritable
        case SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_PERM: code = .io
        case SQLITE_CORRUPT, SQLITE_NOTADB: code = .corruptData
        default: code = .database
        }
        return StoreError(code: code, reason: reason, sqliteCode: rc)
    }
}
