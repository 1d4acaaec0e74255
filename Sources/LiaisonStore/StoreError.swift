/// An error raised by a ``StateStore``.
///
/// Errors carry a ``Code`` the caller can switch on (a fenced commit is an expected event
/// during a rebalance, a corrupt row is not), a human-readable reason, and — for the SQLite
/// implementation — the engine's own result code and message, so that operators can look
/// them up.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure happened; stable across store implementations.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case fenced, busy, invalidBatch, corruptData, schemaTooNew, inUse, io, database, unavailable, unwritable, badAddress
        }

        private let kind: Kind

        /// A lease in the batch no longer carries the partition's current epoch: another owner
        /// acquired the partition. The batch must be dropped, not retried.
        public static let fenced = Code(kind: .fenced)
        /// The database stayed locked by another connection longer than the busy timeout.
        /// Retriable.
        public static let busy = Code(kind: .busy)
        /// The batch contradicts itself or writes a partition it holds no lease for.
        /// A programming error in the caller.
        public static let invalidBatch = Code(kind: .invalidBatch)
        /// A stored row could not be decoded (e.g. malformed outbox headers).
        public static let corruptData = Code(kind: .corruptData)
        /// The database was written by a newer version of Liaison whose schema we do not know.
        public static let schemaTooNew = Code(kind: .schemaTooNew)
        /// Another process, or another store object in this process, holds the store: two
        /// daemons on one store would each commit as the owner of every partition. Not
        /// retriable while that instance runs: stop it, or give this one another store path.
        public static let inUse = Code(kind: .inUse)
        /// The store's files could not be created or read.
        public static let io = Code(kind: .io)
        /// Any other failure reported by the database engine.
        public static let database = Code(kind: .database)
        /// A database server could not be reached, or the connection broke mid-call (the
        /// PostgreSQL store). Retriable: a commit that failed this way changed nothing.
        public static let unavailable = Code(kind: .unavailable)
        /// The store refuses writes for now: its disk is full, or its file or file system became
        /// read-only. Retriable: a write that failed this way changed nothing, and the same
        /// write succeeds once space is freed or the file is writable again.
        public static let unwritable = Code(kind: .unwritable)
        /// The store's address (`store.url`) cannot be read.
        public static let badAddress = Code(kind: .badAddress)

        /// The code's name, e.g. `fenced`.
        public var description: String { kind.rawValue }
    }

    /// What kind of failure happened.
    public let code: Code
    /// What went wrong, naming the partition, statement or file involved.
    public let reason: String
    /// The SQLite result code (extended), when the failure came from SQLite.
    public let sqliteCode: Int32?

    /// Creates an error; `sqliteCode` is set by the SQLite implementation only.
    public init(code: Code, reason: String, sqliteCode: Int32? = nil) {
        self.code = code
        self.reason = reason
        self.sqliteCode = sqliteCode
    }

    /// Whether retrying the same call later can succeed (a busy, unreachable or full database
    /// qualifies; a fenced batch never will).
    public var isRetriable: Bool { code == .busy || code == .unavailable || code == .unwritable }

    /// `store error (code): reason [sqlite N]`.
    public var description: String {
        var text = "store error (\(code)): \(reason)"
        if let sqliteCode { text += " [sqlite \(sqliteCode)]" }
        return text
    }
}
