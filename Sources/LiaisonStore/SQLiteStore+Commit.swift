import Foundation

extension SQLiteStore {
    /// Checks the batch's leases and applies all of it in one transaction (one fsync).
    public func commit(_ batch: StoreBatch) throws(StoreError) {
        try batch.validate()
        if batch.isEmpty && batch.leases.isEmpty { return }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        try locked { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) in
                try checkFencing(batch.leases, connection)
                try write(batch, updated: now, connection)
            }
        }
    }

    /// Refuses the batch unless every lease still carries its partition's current epoch.
    private func checkFencing(_ leases: [PartitionLease], _ connection: SQLiteConnection) throws(StoreError) {
        for lease in leases {
            let current = try connection.scalar("SELECT epoch FROM leases WHERE partition = ?", [.int(lease.partition)])
            guard current == lease.epoch else {
                let now = current.map(String.init) ?? "none"
                logger.notice(
                    "commit fenced",
                    metadata: ["partition": "\(lease.partition)", "epoch": "\(lease.epoch)", "current": "\(now)"]
                )
                throw StoreError(
                    code: .fenced,
                    reason: "partition \(lease.partition): batch computed under epoch \(lease.epoch), current epoch is \(now)"
                )
            }
        }
    }

    private func write(_ batch: StoreBatch, updated: Int64, _ connection: SQLiteConnection) throws(StoreError) {
        for (id, partition) in batch.deletedCases {
            try connection.run("DELETE FROM cases WHERE case_id = ? AND partition = ?", [.text(id), .int(partition)])
            if connection.changes > 0 {
                try connection.run("DELETE FROM case_history WHERE case_id = ?", [.text(id)])
            }
        }
        for (id, write) in batch.caseStates {
            if write.indexedSummaryUnchanged {
                // Only the columns no index but (partition, updated) covers: SQLite rewrites an
                // index entry whenever a column of it is assigned, even to the same value.
                let summary = Self.summaryValues(write.summary)
                try connection.run(
                    "UPDATE cases SET partition = ?, state = ?, updated = ?, open_units = ?, next_deadline = ?, opened_at = ? WHERE case_id = ?",
                    [.int(write.partition), .blob(write.state), .integer(updated), summary[3], summary[4], summary[5], .text(id)]
                )
                if connection.changes > 0 { continue }
            }
            try connection.run(
                """
                INSERT INTO cases(case_id, partition, state, updated, workflow, version, status, open_units, next_deadline, opened_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(case_id) DO UPDATE SET
                    partition = excluded.partition, state = excluded.state, updated = excluded.updated,
                    workflow = excluded.workflow, version = excluded.version, status = excluded.status,
                    open_units = excluded.open_units, next_deadline = excluded.next_deadline, opened_at = excluded.opened_at
                """,
                [.text(id), .int(write.partition), .blob(write.state), .integer(updated)] + Self.summaryValues(write.summary)
            )
        }
        try appendHistory(batch.history, keeping: batch.historyPerCase, connection)
        for checkpoint in batch.checkpoints {
            try connection.run("INSERT INTO audit_checkpoints(partition, seq, record) VALUES (?, ?, ?) ON CONFLICT(partition, seq) DO NOTHING",
                               [.int(checkpoint.partition), .integer(checkpoint.seq), .text(checkpoint.record)])
        }
        for id in batch.cancelledTimers {
            try connection.run("DELETE FROM timers WHERE id = ?", [.text(id)])
        }
        for timer in batch.scheduledTimers {
            try connection.run(
                """
                INSERT INTO timers(id, partition, case_id, due) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    partition = excluded.partition, case_id = excluded.case_id, due = excluded.due
                """,
                [.text(timer.id), .int(timer.partition), .text(timer.caseID), .integer(timer.due)]
            )
        }
        for message in batch.outbox {
            try connection.run(
                "INSERT INTO outbox(partition, topic, key, headers, value) VALUES (?, ?, ?, ?, ?)",
                [
                    .int(message.partition), .text(message.topic), .optionalBlob(message.key),
                    .blob(OutboxHeaderCodec.encode(message.headers)), .optionalBlob(message.value),
                ]
            )
        }
        for (partition, next) in batch.offsets {
            try connection.run(
                """
                INSERT INTO offsets(partition, next_offset) VALUES (?, ?)
                ON CONFLICT(partition) DO UPDATE SET next_offset = excluded.next_offset
                """,
                [.int(partition), .integer(next)]
            )
        }
        for row in batch.metricContributions {
            try connection.run(
                """
                INSERT INTO metric_rows(partition, key, value) VALUES (?, ?, ?)
                ON CONFLICT(partition, key) DO UPDATE SET value = excluded.value
                """,
                [.int(row.partition), .text(row.key), .blob(row.value)]
            )
        }
    }
}
