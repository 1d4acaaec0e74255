import LiaisonStore
import Logging
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// Runs `body` with an importer inside one transaction: everything it inserts is committed
    /// together when `body` returns, and nothing is when it throws, so a failed import leaves
    /// the database as it was.
    ///
    /// The store's tables are locked (`EXCLUSIVE`: others may read, nobody may write) for the
    /// whole import, so a daemon started on this database meanwhile waits instead of
    /// committing between the imported chunks. Unlike the daemon's calls, the transaction has
    /// no time limit: copying a large store takes as long as it takes.
    ///
    /// Errors thrown by `body` come out unchanged; the database's own failures as
    /// ``StoreError``.
    public func importing<T: Sendable>(_ body: (PostgresStoreImporter) async throws -> T) async throws -> T {
        let logger = self.logger
        do {
            return try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    // Reading the next chunk from SQLite may leave it idle a while: no idle limit here.
                    try await connection.query("SET LOCAL idle_in_transaction_session_timeout = 0", logger: logger)
                    try await connection.query(
                        "LOCK TABLE cases, case_history, timers, outbox, offsets, leases, metric_rows, audit_checkpoints, store_settings IN EXCLUSIVE MODE",
                        logger: logger)
                    let result: T
                    do {
                        result = try await body(PostgresStoreImporter(connection: connection, logger: logger))
                    } catch {
                        throw BodyError(error: error)
                    }
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
        } catch let error as BodyError {
            throw error.error
        } catch {
            throw Self.storeError(error, doing: "importing rows")
        }
    }

    /// Carries an error of the import's body through the transaction untranslated.
    private struct BodyError: Error {
        let error: any Error
    }
}

extension PostgresStore {
    /// How many rows each table holds (one round trip).
    public func rowCounts() async throws(StoreError) -> [StoreTable: Int] {
        var counts: [StoreTable: Int] = [:]
        for row in try await rows("counting rows", Self.countQuery) {
            let (name, count) = try Self.decode(row, as: (String, Int64).self, doing: "counting rows")
            if let table = StoreTable(rawValue: name) { counts[table] = Int(count) }
        }
        return counts
    }

    /// Every table's row count, one row `(table, count)` per table.
    static var countQuery: PostgresQuery {
        PostgresQuery(unsafeSQL: StoreTable.allCases.map { "SELECT '\($0.rawValue)', count(*) FROM \($0.rawValue)" }.joined(separator: " UNION ALL "))
    }
}

/// Writes whole tables' rows into a ``PostgresStore`` inside the transaction of
/// ``PostgresStore/importing(_:)``: one statement per chunk, its rows as arrays spread with
/// `unnest`. Rows keep every column as given (history and outbox their sequence numbers);
/// leases are written without an owner.
public struct PostgresStoreImporter: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// How many rows each table holds, as this transaction sees them.
    public func rowCounts() async throws(StoreError) -> [StoreTable: Int] {
        var counts: [StoreTable: Int] = [:]
        do {
            let rows = try await connection.query(PostgresStore.countQuery, logger: logger)
            for try await (name, count) in rows.decode((String, Int64).self) {
                if let table = StoreTable(rawValue: name) { counts[table] = Int(count) }
            }
        } catch {
            throw PostgresStore.storeError(error, doing: "counting rows")
        }
        return counts
    }

    /// Inserts `rows` into their table in one statement. A row whose key is already there
    /// fails the statement (and so the import): an import adds, it never overwrites.
    public func insert(_ rows: StoreRows) async throws(StoreError) {
        guard rows.count > 0 else { return }
        let query: PostgresQuery
        switch rows {
        case .cases(let cases):
            query = """
                INSERT INTO cases(case_id, partition, state, updated, workflow, version, status, open_units, next_deadline, opened_at)
                SELECT id, p, s, u, CASE WHEN wn THEN NULL ELSE w END, CASE WHEN vn THEN NULL ELSE v END,
                       CASE WHEN stn THEN NULL ELSE st END, CASE WHEN oun THEN NULL ELSE ou END,
                       CASE WHEN ndn THEN NULL ELSE nd END, CASE WHEN oan THEN NULL ELSE oa END
                FROM unnest(\(cases.map(\.id))::text[], \(cases.map(\.partition))::integer[], \(cases.map(\.state.buffer))::bytea[],
                            \(cases.map(\.updated))::bigint[],
                            \(cases.map { $0.workflow ?? "" })::text[], \(cases.map { $0.workflow == nil })::boolean[],
                            \(cases.map { $0.version ?? 0 })::integer[], \(cases.map { $0.version == nil })::boolean[],
                            \(cases.map { $0.status ?? "" })::text[], \(cases.map { $0.status == nil })::boolean[],
                            \(cases.map { $0.openUnits ?? "" })::text[], \(cases.map { $0.openUnits == nil })::boolean[],
                            \(cases.map { $0.nextDeadline ?? 0 })::bigint[], \(cases.map { $0.nextDeadline == nil })::boolean[],
                            \(cases.map { $0.openedAt ?? 0 })::bigint[], \(cases.map { $0.openedAt == nil })::boolean[])
                     AS t(id, p, s, u, w, wn, v, vn, st, stn, ou, oun, nd, ndn, oa, oan)
                """
        case .caseHistory(let records):
            query = """
                INSERT INTO case_history(case_id, seq, at, kind, entry, prev_hash, hash)
                SELECT h.id, h.n, h.at, h.kind, h.entry, CASE WHEN h.linked THEN h.prev END, CASE WHEN h.linked THEN h.hash END
                FROM unnest(\(records.map(\.caseID))::text[], \(records.map(\.seq))::bigint[], \(records.map(\.at))::bigint[],
                            \(records.map(\.kind))::text[], \(records.map(\.entry))::text[],
                            \(records.map { $0.hash != nil })::boolean[], \(records.map { $0.prevHash ?? "" })::text[],
                            \(records.map { $0.hash ?? "" })::text[]) AS h(id, n, at, kind, entry, linked, prev, hash)
                """
        case .timers(let timers):
            query = """
                INSERT INTO timers(id, partition, case_id, due)
                SELECT * FROM unnest(\(timers.map(\.id))::text[], \(timers.map(\.partition))::integer[],
                                     \(timers.map(\.caseID))::text[], \(timers.map(\.due))::bigint[])
                """
        case .outbox(let messages):
            // Arrays cannot carry a null element through the driver: nulls travel as flags.
            query = """
                INSERT INTO outbox(seq, partition, topic, key, headers, value)
                SELECT q, p, t, CASE WHEN kn THEN NULL ELSE k END, h, CASE WHEN vn THEN NULL ELSE v END
                FROM unnest(\(messages.map(\.sequence))::bigint[], \(messages.map(\.partition))::integer[], \(messages.map(\.topic))::text[],
                            \(messages.map { ($0.key ?? []).buffer })::bytea[], \(messages.map { $0.key == nil })::boolean[],
                            \(messages.map(\.headers.buffer))::bytea[],
                            \(messages.map { ($0.value ?? []).buffer })::bytea[], \(messages.map { $0.value == nil })::boolean[])
                     AS m(q, p, t, k, kn, h, v, vn)
                """
        case .offsets(let offsets):
            query = """
                INSERT INTO offsets(partition, next_offset)
                SELECT * FROM unnest(\(offsets.map(\.partition))::integer[], \(offsets.map(\.nextOffset))::bigint[])
                """
        case .leases(let leases):
            query = """
                INSERT INTO leases(partition, owner, epoch)
                SELECT p, NULL, e FROM unnest(\(leases.map(\.partition))::integer[], \(leases.map(\.epoch))::bigint[]) AS l(p, e)
                """
        case .metricRows(let metrics):
            query = """
                INSERT INTO metric_rows(partition, key, value)
                SELECT * FROM unnest(\(metrics.map(\.partition))::integer[], \(metrics.map(\.key))::text[], \(metrics.map(\.value.buffer))::bytea[])
                """
        case .auditCheckpoints(let checkpoints):
            query = """
                INSERT INTO audit_checkpoints(partition, seq, record)
                SELECT * FROM unnest(\(checkpoints.map(\.partition))::integer[], \(checkpoints.map(\.seq))::bigint[],
                                     \(checkpoints.map(\.record))::text[])
                """
        case .storeSettings(let settings):
            query = """
                INSERT INTO store_settings(name, value)
                SELECT * FROM unnest(\(settings.map(\.name))::text[], \(settings.map(\.value))::text[])
                """
        }
        do {
            try await connection.query(query, logger: logger)
        } catch {
            throw PostgresStore.storeError(error, doing: "inserting \(rows.count) rows into \(rows.table)")
        }
    }

    /// Moves the outbox's sequence so that the next message gets a number above `sequence`
    /// (the highest the source store ever gave out); a sequence already past it is left alone.
    /// (`outbox_seq_seq` is the sequence behind the `bigserial` column of the schema.)
    ///
    /// PostgreSQL does not roll sequences back: call this last, just before the import
    /// commits, so that a failed import leaves the sequence as it was in nearly every case.
    public func advanceOutboxSequence(past sequence: Int64) async throws(StoreError) {
        guard sequence > 0 else { return }
        do {
            try await connection.query("""
                SELECT setval('outbox_seq_seq', greatest(\(sequence), (SELECT last_value FROM outbox_seq_seq)))
                """, logger: logger)
        } catch {
            throw PostgresStore.storeError(error, doing: "advancing the outbox sequence")
        }
    }
}
