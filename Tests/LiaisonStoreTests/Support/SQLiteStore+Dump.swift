@testable import LiaisonStore

extension SQLiteStore {
    /// Every row of every table (except `cases.updated`, a wall-clock stamp) as text, so that a
    /// test can assert that a failed call changed nothing at all.
    func dump() throws -> [String] {
        try locked { connection throws(StoreError) in try connection.dump() }
    }

    /// Runs raw SQL on the store's connection (to set up failures a real batch cannot cause).
    func executeRaw(_ sql: String) throws {
        try locked { connection throws(StoreError) in try connection.execute(sql) }
    }
}

extension SQLiteConnection {
    /// ``SQLiteStore/dump()`` read through this connection: what another reader of the file,
    /// such as the `sqlite3` shell, sees.
    func dump() throws(StoreError) -> [String] {
        let queries = [
            "SELECT 'case', case_id, partition, hex(state) FROM cases ORDER BY case_id",
            "SELECT 'timer', id, partition, case_id || '@' || due FROM timers ORDER BY id",
            "SELECT 'outbox', seq, topic, hex(key) || '/' || hex(headers) || '/' || ifnull(hex(value), 'null') FROM outbox ORDER BY seq",
            "SELECT 'offset', partition, next_offset, '' FROM offsets ORDER BY partition",
            "SELECT 'lease', partition, ifnull(owner, 'none'), epoch FROM leases ORDER BY partition",
            "SELECT 'metric', partition, key, hex(value) FROM metric_rows ORDER BY partition, key",
            """
            SELECT 'summary', case_id, ifnull(status, 'none'), ifnull(workflow, '') || '@' || ifnull(version, '') || '/'
                || ifnull(open_units, '') || '/' || ifnull(next_deadline, '') || '/' || ifnull(opened_at, '')
            FROM cases ORDER BY case_id
            """,
            "SELECT 'history', case_id, seq, at || '/' || kind || '/' || entry FROM case_history ORDER BY case_id, seq",
            "SELECT 'setting', name, value, '' FROM store_settings ORDER BY name",
        ]
        var rows: [String] = []
        for query in queries {
            try withStatement(query) { statement throws(StoreError) in
                while try statement.step() {
                    rows.append((0..<4).map { statement.text(Int32($0)) }.joined(separator: "|"))
                }
            }
        }
        return rows
    }
}
