import CSQLite
import Dispatch
import Logging
import Synchronization

/// A read-only connection with a queue of its own, for the processor's case-state reads.
///
/// In WAL mode a reader never waits for the writer: while one batch commits on the store's
/// connection, the next batch's missing states are read here from the last committed snapshot.
/// That is exact for the processor because it reads from the store only cases that no batch in
/// flight touches; the cases of the batch being committed come from its cache.
final class SQLiteReader: @unchecked Sendable {
    // @unchecked: `connection` is used only on `queue`, one call at a time.
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "liaison.store.reader", qos: .userInitiated)

    init(path: String, configuration: SQLiteStore.Configuration) throws(StoreError) {
        connection = try SQLiteConnection(path: path, readOnly: true)
        try connection.execute("PRAGMA busy_timeout = \(configuration.busyTimeoutMilliseconds)")
        try connection.execute("PRAGMA mmap_size = \(configuration.mmapBytes)")
        // The writer's cache holds the working set; this one only needs the pages of a batch.
        try connection.execute("PRAGMA cache_size = -\(max(1024, configuration.cacheKiB / 8))")
    }

    /// The stored states of `ids`, read in one snapshot.
    func caseStates(ids: [String]) async throws(StoreError) -> [String: [UInt8]] {
        try await queue.perform { () throws(StoreError) -> [String: [UInt8]] in
            try self.connection.execute("BEGIN")
            defer { try? self.connection.execute("COMMIT") }
            return try SQLiteStore.caseStates(ids: ids, self.connection)
        }
    }
}

/// Copies the write-ahead log back into the database on a connection and a thread of its own.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so every
/// few batches one commit also copied thousands of pages and synced the database file before
/// the processor could go on. Here the commit only notes the log's size; once it passes
/// `thresholdFrames` a passive checkpoint (it never blocks the writer or readers) runs on this
/// connection, and the next commit after it has copied everything starts the log over. Should
/// the log still reach `inlineFrames` (a reader holding an old snapshot for long), the
/// committing connection checkpoints itself, as SQLite would, so the log cannot grow unbounded.
final class SQLiteLogCheckpointer: @unchecked Sendable {
    // @unchecked: `connection` is used only on `queue`; `scheduled` is atomic.
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "liaison.store.checkpoint", qos: .utility)
    private let scheduled = Atomic<Bool>(false)
    private let logger: Logger
    /// Log frames (pages) after which a background checkpoint starts.
    let thresholdFrames: Int32
    /// Log frames after which the committing connection checkpoints itself.
    var inlineFrames: Int32 { thresholdFrames.multipliedReportingOverflow(by: 8).overflow ? .max : thresholdFrames * 8 }

    init(path: String, thresholdFrames: Int32, configuration: SQLiteStore.Configuration, logger: Logger) throws(StoreError) {
        connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA busy_timeout = \(configuration.busyTimeoutMilliseconds)")
        try connection.execute("PRAGMA synchronous = \(configuration.synchronous.rawValue)")
        self.thresholdFrames = thresholdFrames
        self.logger = logger
    }

    /// Called by the writer after each commit with the log's size in frames.
    func logGrew(to frames: Int32) {
        guard frames >= thresholdFrames, !scheduled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        queue.async { [self] in
            defer { scheduled.store(false, ordering: .releasing) }
            do {
                try connection.checkpointPassively()
            } catch {
                logger.warning("background checkpoint of the store's log failed; the next one retries",
                               metadata: ["error": "\(error)"])
            }
        }
    }

    /// Hands the writer's log growth to `checkpointer` instead of SQLite's automatic checkpoint.
    static func install(_ checkpointer: SQLiteLogCheckpointer, on writer: SQLiteConnection) {
        writer.onLogGrowth({ context, database, _, frames in
            guard let context else { return SQLITE_OK }
            let checkpointer = Unmanaged<SQLiteLogCheckpointer>.fromOpaque(context).takeUnretainedValue()
            if frames >= checkpointer.inlineFrames {
                sqlite3_wal_checkpoint_v2(database, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            } else {
                checkpointer.logGrew(to: frames)
            }
            return SQLITE_OK
        }, context: Unmanaged.passUnretained(checkpointer).toOpaque())
    }
}
