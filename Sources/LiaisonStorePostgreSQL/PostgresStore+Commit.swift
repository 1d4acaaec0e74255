import Foundation
import LiaisonStore
import Logging
import NIOCore
import PostgresNIO

extension PostgresStore {
    /// Checks the batch's leases and applies all of it in one transaction: one statement per
    /// kind of row, each carrying all of the batch's rows of that kind as arrays.
    ///
    /// The leases are read `FOR SHARE`: an instance acquiring one of these partitions (an
    /// `UPDATE` of the lease row) waits until this commit ends, and a commit that starts after
    /// the acquisition sees the new epoch and is refused. Commits of different partitions do not
    /// wait for each other.
    public func commit(_ batch: StoreBatch) async throws(StoreError) {
        try batch.validate()
        if batch.isEmpty && batch.leases.isEmpty { return }
        let updated = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        let logger = self.logger
        try await transaction("committing a batch") { connection in
            try await Self.checkFencing(batch.leases, connection, logger: logger)
            try await Self.write(batch, updated: updated, connection, logger: logger)
        }
    }

    /// Appends history records under the numbers their chain links give; a record without a
    /// link is numbered on from its case's last one (`max(seq) + 1`, read in this transaction:
    /// one writer per partition, so no clashes). Then drops what exceeds `keep` per case. Two
    /// statements, whatever the number of records.
    private static func appendHistory(_ entries: [CaseHistoryEntry], keeping keep: Int, _ connection: PostgresConnection,
                                      logger: Logger) async throws {
        guard !entries.isEmpty else { return }
        var ordinal: [String: Int64] = [:]
        let numbers = entries.map { entry -> Int64 in
            if let link = entry.link { return link.seq }
            let next = (ordinal[entry.caseID] ?? 0) + 1
            ordinal[entry.caseID] = next
            return next
        }
        let cases = Array(Set(entries.map(\.caseID)))
        try await connection.query("""
            INSERT INTO case_history(case_id, seq, at, kind, entry, prev_hash, hash)
            SELECT h.id, CASE WHEN h.linked THEN h.n ELSE coalesce(m.top, 0) + h.n END, h.at, h.kind, h.entry,
                   CASE WHEN h.linked THEN h.prev END, CASE WHEN h.linked THEN h.hash END
            FROM unnest(\(entries.map(\.caseID))::text[], \(numbers)::bigint[], \(entries.map(\.at))::bigint[],
                        \(entries.map(\.kind.rawValue))::text[], \(entries.map(\.entry))::text[],
                        \(entries.map { $0.link != nil })::boolean[], \(entries.map { $0.link?.prevHash ?? "" })::text[],
                        \(entries.map { $0.link?.hash ?? "" })::text[]) AS h(id, n, at, kind, entry, linked, prev, hash)
            LEFT JOIN (SELECT case_id, max(seq) AS top FROM case_history WHERE case_id = ANY(\(cases)::text[]) GROUP BY case_id) m
                ON m.case_id = h.id
            ON CONFLICT (case_id, seq) DO NOTHING
            """, logger: logger)
        try await connection.query("""
            DELETE FROM case_history h
            USING (SELECT case_id, max(seq) AS top FROM case_history WHERE case_id = ANY(\(cases)::text[]) GROUP BY case_id) t
            WHERE h.case_id = t.case_id AND h.seq <= t.top - \(Int64(max(1, keep)))
            """, logger: logger)
    }

    private static func checkFencing(_ leases: [PartitionLease], _ connection: PostgresConnection, logger: Logger) async throws {
        guard !leases.isEmpty else { return }
        let partitions = leases.map(\.partition)
        var current: [Int32: Int64] = [:]
        let rows = try await connection.query(
            "SELECT partition, epoch FROM leases WHERE partition = ANY(\(partitions)::integer[]) ORDER BY partition FOR SHARE",
            logger: logger
        )
        for try await (partition, epoch) in rows.decode((Int32, Int64).self) {
            current[partition] = epoch
        }
        for lease in leases where current[lease.partition] != lease.epoch {
            let now = current[lease.partition].map(String.init) ?? "none"
            logger.notice("commit fenced", metadata: ["partition": "\(lease.partition)", "epoch": "\(lease.epoch)", "current": "\(now)"])
            throw StoreError(code: .fenced,
                             reason: "partition \(lease.partition): batch computed under epoch \(lease.epoch), current epoch is \(now)")
        }
    }

    private static func write(_ batch: StoreBatch, updated: Int64, _ connection: PostgresConnection, logger: Logger) async throws {
        if !batch.deletedCases.isEmpty {
            let ids = Array(batch.deletedCases.keys)
            let partitions = ids.map { batch.deletedCases[$0]! }
            // A case's history goes with it, only when its row was really deleted.
            try await connection.query("""
                WITH gone AS (
                    DELETE FROM cases c USING unnest(\(ids)::text[], \(partitions)::integer[]) AS d(id, p)
                    WHERE c.case_id = d.id AND c.partition = d.p RETURNING c.case_id
                )
                DELETE FROM case_history WHERE case_id IN (SELECT case_id FROM gone)
                """, logger: logger)
        }
        if !batch.caseStates.isEmpty {
            let ids = Array(batch.caseStates.keys)
            let writes = ids.map { batch.caseStates[$0]! }
            let summaries = SummaryColumns(writes.map(\.summary))
            try await connection.query("""
                INSERT INTO cases(case_id, partition, state, updated, workflow, version, status, open_units, next_deadline, opened_at)
                SELECT id, p, s, \(updated), NULLIF(w, ''), NULLIF(v, \(SummaryColumns.absentInteger)), NULLIF(st, ''),
                       NULLIF(u, ''), NULLIF(d, \(SummaryColumns.absentTime)), NULLIF(o, \(SummaryColumns.absentTime))
                FROM unnest(\(ids)::text[], \(writes.map(\.partition))::integer[], \(writes.map(\.state.buffer))::bytea[],
                            \(summaries.workflows)::text[], \(summaries.versions)::integer[], \(summaries.statuses)::text[],
                            \(summaries.openUnits)::text[], \(summaries.nextDeadlines)::bigint[], \(summaries.openedAt)::bigint[])
                     AS t(id, p, s, w, v, st, u, d, o)
                ON CONFLICT (case_id) DO UPDATE SET
                    partition = excluded.partition, state = excluded.state, updated = excluded.updated,
                    workflow = excluded.workflow, version = excluded.version, status = excluded.status,
                    open_units = excluded.open_units, next_deadline = excluded.next_deadline, opened_at = excluded.opened_at
                """, logger: logger)
        }
        try await appendHistory(batch.history, keeping: batch.historyPerCase, connection, logger: logger)
        if !batch.checkpoints.isEmpty {
            try await connection.query("""
                INSERT INTO audit_checkpoints(partition, seq, record)
                SELECT * FROM unnest(\(batch.checkpoints.map(\.partition))::integer[], \(batch.checkpoints.map(\.seq))::bigint[],
                                     \(batch.checkpoints.map(\.record))::text[])
                ON CONFLICT (partition, seq) DO NOTHING
                """, logger: logger)
        }
        if !batch.cancelledTimers.isEmpty {
            try await connection.query("DELETE FROM timers WHERE id = ANY(\(batch.cancelledTimers)::text[])", logger: logger)
        }
        if !batch.scheduledTimers.isEmpty {
            // Upserting one id twice in one statement is an error in PostgreSQL: the last wins.
            var latest: [String: StoredTimer] = [:]
            for timer in batch.scheduledTimers { latest[timer.id] = timer }
            let timers = Array(latest.values)
            try await connection.query("""
                INSERT INTO timers(id, partition, case_id, due)
                SELECT * FROM unnest(\(timers.map(\.id))::text[], \(timers.map(\.partition))::integer[],
                                     \(timers.map(\.caseID))::text[], \(timers.map(\.due))::bigint[])
                ON CONFLICT (id) DO UPDATE SET
                    partition = excluded.partition, case_id = excluded.case_id, due = excluded.due
                """, logger: logger)
        }
        if !batch.outbox.isEmpty {
            // Arrays cannot carry a null element through the driver: nulls travel as flags.
            let messages = batch.outbox
            let keys = messages.map { ($0.key ?? []).buffer }
            let keyNull = messages.map { $0.key == nil }
            let values = messages.map { ($0.value ?? []).buffer }
            let valueNull = messages.map { $0.value == nil }
            let headers = messages.map { OutboxHeaderCodec.encode($0.headers).buffer }
            try await connection.query("""
                INSERT INTO outbox(partition, topic, key, headers, value)
                SELECT p, t, CASE WHEN kn THEN NULL ELSE k END, h, CASE WHEN vn THEN NULL ELSE v END
                FROM unnest(\(messages.map(\.partition))::integer[], \(messages.map(\.topic))::text[],
                            \(keys)::bytea[], \(keyNull)::boolean[], \(headers)::bytea[],
                            \(values)::bytea[], \(valueNull)::boolean[]) WITH ORDINALITY AS m(p, t, k, kn, h, v, vn, n)
                ORDER BY n
                """, logger: logger)
        }
        if !batch.offsets.isEmpty {
            let partitions = Array(batch.offsets.keys)
            let offsets = partitions.map { batch.offsets[$0]! }
            try await connection.query("""
                INSERT INTO offsets(partition, next_offset)
                SELECT * FROM unnest(\(partitions)::integer[], \(offsets)::bigint[])
                ON CONFLICT (partition) DO UPDATE SET next_offset = excluded.next_offset
                """, logger: logger)
        }
        if !batch.metricContributions.isEmpty {
            var latest: [String: MetricRow] = [:]
            for row in batch.metricContributions { latest["\(row.partition)/\(row.key)"] = row }
            let rows = Array(latest.values)
            try await connection.query("""
                INSERT INTO metric_rows(partition, key, value)
                SELECT * FROM unnest(\(rows.map(\.partition))::integer[], \(rows.map(\.key))::text[], \(rows.map(\.value.buffer))::bytea[])
                ON CONFLICT (partition, key) DO UPDATE SET value = excluded.value
                """, logger: logger)
        }
    }
}
