/// Reading the whole store out, table by table, in chunks: what `liaison store copy` moves to
/// another store. Each chunk is one keyset query on the table's primary key (`WHERE key > last
/// ORDER BY key LIMIT n`), so a chunk costs the same at the end of a large table as at its
/// start, and the store's lock is held for one chunk at a time.
///
/// The store's file lock keeps daemons out meanwhile; the copy reads what the last daemon left.
extension SQLiteStore {
    /// Up to `limit` rows of `table` after `cursor` (nil: from the first row), in primary-key
    /// order, with the cursor of the next chunk.
    public func exportRows(_ table: StoreTable, after cursor: StoreRowCursor?, limit: Int) throws(StoreError) -> StoreRowChunk {
        let limit = max(1, limit)
        return try locked { connection throws(StoreError) -> StoreRowChunk in
            switch table {
            case .cases:
                let rows = try Self.page(connection, "case_id, partition, state, updated, workflow, version, status, open_units, next_deadline, opened_at",
                                         from: "cases", key: ["case_id"], after: cursor.map { [.text($0.text)] }, limit: limit) { s throws(StoreError) in
                    CaseRow(id: s.text(0), partition: try Self.int32(s, 1, "cases.partition"), state: s.blob(2) ?? [], updated: s.int64(3),
                            workflow: s.isNull(4) ? nil : s.text(4), version: s.isNull(5) ? nil : try Self.int32(s, 5, "cases.version"),
                            status: s.isNull(6) ? nil : s.text(6), openUnits: s.isNull(7) ? nil : s.text(7),
                            nextDeadline: s.isNull(8) ? nil : s.int64(8), openedAt: s.isNull(9) ? nil : s.int64(9))
                }
                return StoreRowChunk(rows: .cases(rows), next: Self.next(rows, limit) { StoreRowCursor(text: $0.id, number: 0) })
            case .caseHistory:
                let rows = try Self.page(connection, "case_id, seq, at, kind, entry, prev_hash, hash", from: "case_history", key: ["case_id", "seq"],
                                         after: cursor.map { [.text($0.text), .integer($0.number)] }, limit: limit) { s throws(StoreError) in
                    CaseHistoryRow(caseID: s.text(0), seq: s.int64(1), at: s.int64(2), kind: s.text(3), entry: s.text(4),
                                   prevHash: s.isNull(5) ? nil : s.text(5), hash: s.isNull(6) ? nil : s.text(6))
                }
                return StoreRowChunk(rows: .caseHistory(rows), next: Self.next(rows, limit) { StoreRowCursor(text: $0.caseID, number: $0.seq) })
            case .timers:
                let rows = try Self.page(connection, "id, partition, case_id, due", from: "timers", key: ["id"],
                                         after: cursor.map { [.text($0.text)] }, limit: limit) { s throws(StoreError) in
                    StoredTimer(id: s.text(0), partition: try Self.int32(s, 1, "timers.partition"), caseID: s.text(2), due: s.int64(3))
                }
                return StoreRowChunk(rows: .timers(rows), next: Self.next(rows, limit) { StoreRowCursor(text: $0.id, number: 0) })
            case .outbox:
                let rows = try Self.page(connection, "seq, partition, topic, key, headers, value", from: "outbox", key: ["seq"],
                                         after: cursor.map { [.integer($0.number)] }, limit: limit) { s throws(StoreError) in
                    OutboxRow(sequence: s.int64(0), partition: try Self.int32(s, 1, "outbox.partition"), topic: s.text(2),
                              key: s.blob(3), headers: s.blob(4) ?? [], value: s.blob(5))
                }
                return StoreRowChunk(rows: .outbox(rows), next: Self.next(rows, limit) { StoreRowCursor(text: "", number: $0.sequence) })
            case .offsets:
                let rows = try Self.page(connection, "partition, next_offset", from: "offsets", key: ["partition"],
                                         after: cursor.map { [.integer($0.number)] }, limit: limit) { s throws(StoreError) in
                    OffsetRow(partition: try Self.int32(s, 0, "offsets.partition"), nextOffset: s.int64(1))
                }
                return StoreRowChunk(rows: .offsets(rows), next: Self.next(rows, limit) { StoreRowCursor(text: "", number: Int64($0.partition)) })
            case .leases:
                let rows = try Self.page(connection, "partition, epoch", from: "leases", key: ["partition"],
                                         after: cursor.map { [.integer($0.number)] }, limit: limit) { s throws(StoreError) in
                    LeaseRow(partition: try Self.int32(s, 0, "leases.partition"), epoch: s.int64(1))
                }
                return StoreRowChunk(rows: .leases(rows), next: Self.next(rows, limit) { StoreRowCursor(text: "", number: Int64($0.partition)) })
            case .metricRows:
                let rows = try Self.page(connection, "partition, key, value", from: "metric_rows", key: ["partition", "key"],
                                         after: cursor.map { [.integer($0.number), .text($0.text)] }, limit: limit) { s throws(StoreError) in
                    MetricRow(partition: try Self.int32(s, 0, "metric_rows.partition"), key: s.text(1), value: s.blob(2) ?? [])
                }
                return StoreRowChunk(rows: .metricRows(rows), next: Self.next(rows, limit) {
                    StoreRowCursor(text: $0.key, number: Int64($0.partition))
                })
            case .auditCheckpoints:
                let rows = try Self.page(connection, "partition, seq, record", from: "audit_checkpoints", key: ["partition", "seq"],
                                         after: try cursor.map { cursor throws(StoreError) in [.integer(try Self.partition(of: cursor)), .integer(cursor.number)] },
                                         limit: limit) { s throws(StoreError) in
                    StoredCheckpoint(partition: try Self.int32(s, 0, "audit_checkpoints.partition"), seq: s.int64(1), record: s.text(2))
                }
                return StoreRowChunk(rows: .auditCheckpoints(rows), next: Self.next(rows, limit) {
                    StoreRowCursor(text: String($0.partition), number: $0.seq)
                })
            case .storeSettings:
                let rows = try Self.page(connection, "name, value", from: "store_settings", key: ["name"],
                                         after: cursor.map { [.text($0.text)] }, limit: limit) { s throws(StoreError) in
                    StoreSettingRow(name: s.text(0), value: s.text(1))
                }
                return StoreRowChunk(rows: .storeSettings(rows), next: Self.next(rows, limit) { StoreRowCursor(text: $0.name, number: 0) })
            }
        }
    }

    /// How many rows each table holds.
    public func rowCounts() throws(StoreError) -> [StoreTable: Int] {
        try locked { connection throws(StoreError) in
            var counts: [StoreTable: Int] = [:]
            for table in StoreTable.allCases {
                counts[table] = Int(try connection.scalar("SELECT count(*) FROM \(table.rawValue)") ?? 0)
            }
            return counts
        }
    }

    /// The highest outbox sequence number ever given out (published and deleted rows included),
    /// 0 when none was: a store the outbox moves to must number new messages above it, since
    /// sequence numbers are never reused.
    public func outboxSequenceHighWater() throws(StoreError) -> Int64 {
        try locked { connection throws(StoreError) in
            let given = try connection.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'") ?? 0
            let stored = try connection.scalar("SELECT max(seq) FROM outbox") ?? 0
            return max(given, stored)
        }
    }

    /// One keyset page: `SELECT columns FROM table [WHERE (key) > (after)] ORDER BY key LIMIT limit`.
    private static func page<Row>(
        _ connection: SQLiteConnection, _ columns: String, from table: String, key: [String], after: [SQLiteValue]?, limit: Int,
        _ read: (SQLiteStatement) throws(StoreError) -> Row
    ) throws(StoreError) -> [Row] {
        let keyList = key.joined(separator: ", ")
        var condition = ""
        var values: [SQLiteValue] = []
        if let after {
            condition = " WHERE (\(keyList)) > (\(Array(repeating: "?", count: after.count).joined(separator: ", ")))"
            values = after
        }
        return try connection.withStatement(
            "SELECT \(columns) FROM \(table)\(condition) ORDER BY \(keyList) LIMIT ?", values + [.int(limit)]
        ) { statement throws(StoreError) in
            var rows: [Row] = []
            rows.reserveCapacity(limit)
            while try statement.step() { rows.append(try read(statement)) }
            return rows
        }
    }

    /// The cursor after the last row, or nil when the page was short (the table ended).
    private static func next<Row>(_ rows: [Row], _ limit: Int, _ cursor: (Row) -> StoreRowCursor) -> StoreRowCursor? {
        guard rows.count == limit, let last = rows.last else { return nil }
        return cursor(last)
    }

    /// The partition a cursor of a table keyed by (partition, number) carries in its text.
    private static func partition(of cursor: StoreRowCursor) throws(StoreError) -> Int64 {
        guard let partition = Int64(cursor.text) else {
            throw StoreError(code: .invalidBatch, reason: "export cursor '\(cursor.text)' does not name a partition")
        }
        return partition
    }

    /// An integer column that must fit a 32-bit column of the other store.
    private static func int32(_ statement: SQLiteStatement, _ index: Int32, _ column: String) throws(StoreError) -> Int32 {
        let value = statement.int64(index)
        guard let narrow = Int32(exactly: value) else {
            throw StoreError(code: .corruptData, reason: "\(column) holds \(value), which does not fit a 32-bit integer")
        }
        return narrow
    }
}

extension SQLiteStore {
    /// ``exportRows(_:after:limit:)`` on the store's queue.
    public func exportRows(_ table: StoreTable, after cursor: StoreRowCursor?, limit: Int) async throws(StoreError) -> StoreRowChunk {
        try await onQueue { store throws(StoreError) in try store.exportRows(table, after: cursor, limit: limit) }
    }

    /// ``rowCounts()`` on the store's queue.
    public func rowCounts() async throws(StoreError) -> [StoreTable: Int] {
        try await onQueue { store throws(StoreError) in try store.rowCounts() }
    }

    /// ``outboxSequenceHighWater()`` on the store's queue.
    public func outboxSequenceHighWater() async throws(StoreError) -> Int64 {
        try await onQueue { store throws(StoreError) in try store.outboxSequenceHighWater() }
    }
}
