extension SQLiteStore {
    /// Reads audit checkpoints by partition then number (the newest of each with `newestOnly`).
    public func auditCheckpoints(partition: Int32?, newestOnly: Bool) throws(StoreError) -> [StoredCheckpoint] {
        var sql = "SELECT partition, seq, record FROM audit_checkpoints c"
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let partition { conditions.append("c.partition = ?"); values.append(.int(partition)) }
        if newestOnly { conditions.append("c.seq = (SELECT max(n.seq) FROM audit_checkpoints n WHERE n.partition = c.partition)") }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY c.partition, c.seq"
        return try locked { connection throws(StoreError) in
            try connection.withStatement(sql, values) { statement throws(StoreError) in
                var rows: [StoredCheckpoint] = []
                while try statement.step() {
                    rows.append(StoredCheckpoint(partition: Int32(truncatingIfNeeded: statement.int64(0)), seq: statement.int64(1),
                                                 record: statement.text(2)))
                }
                return rows
            }
        }
    }

    /// Reads the states of a partition's cases written at or after `updatedSince`.
    public func caseStates(partition: Int32, updatedSince: Int64) throws(StoreError) -> [String: [UInt8]] {
        try locked { connection throws(StoreError) in
            try connection.withStatement(
                "SELECT case_id, state FROM cases WHERE partition = ? AND updated >= ?", [.int(partition), .integer(updatedSince)]
            ) { statement throws(StoreError) in
                var states: [String: [UInt8]] = [:]
                while try statement.step() { states[statement.text(0)] = statement.blob(1) ?? [] }
                return states
            }
        }
    }

    public func auditCheckpoints(partition: Int32?, newestOnly: Bool) async throws(StoreError) -> [StoredCheckpoint] {
        try await onQueue { store throws(StoreError) in try store.auditCheckpoints(partition: partition, newestOnly: newestOnly) }
    }

    public func caseStates(partition: Int32, updatedSince: Int64) async throws(StoreError) -> [String: [UInt8]] {
        try await onQueue { store throws(StoreError) in try store.caseStates(partition: partition, updatedSince: updatedSince) }
    }
}
