import LiaisonStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    public func caseStates(ids: [String]) async throws(StoreError) -> [String: [UInt8]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await rows("reading case states",
                                  "SELECT case_id, state FROM cases WHERE case_id = ANY(\(ids)::text[])")
        var states: [String: [UInt8]] = [:]
        states.reserveCapacity(rows.count)
        for row in rows {
            let (id, state) = try Self.decode(row, as: (String, ByteBuffer).self, doing: "reading case states")
            states[id] = state.bytes
        }
        return states
    }

    public func dueTimers(partitions: [Int32], dueBy: Int64, limit: Int) async throws(StoreError) -> [StoredTimer] {
        guard !partitions.isEmpty, limit > 0 else { return [] }
        let rows = try await rows("reading due timers", """
            SELECT id, partition, case_id, due FROM timers
            WHERE partition = ANY(\(partitions)::integer[]) AND due <= \(dueBy)
            ORDER BY due, id LIMIT \(limit)
            """)
        return try rows.map { row throws(StoreError) in
            let (id, partition, caseID, due) = try Self.decode(row, as: (String, Int32, String, Int64).self, doing: "reading due timers")
            return StoredTimer(id: id, partition: partition, caseID: caseID, due: due)
        }
    }

    public func nextTimerDue(partitions: [Int32]) async throws(StoreError) -> Int64? {
        guard !partitions.isEmpty else { return nil }
        let rows = try await rows("reading the next timer",
                                  "SELECT min(due) FROM timers WHERE partition = ANY(\(partitions)::integer[])")
        guard let row = rows.first else { return nil }
        return try Self.decode(row, as: Int64?.self, doing: "reading the next timer")
    }

    public func pendingOutbox(partitions: [Int32], after: Int64?, limit: Int) async throws(StoreError) -> [OutboxEntry] {
        guard !partitions.isEmpty, limit > 0 else { return [] }
        let rows = try await rows("reading the outbox", """
            SELECT seq, partition, topic, key, headers, value FROM outbox
            WHERE seq > \(after ?? Int64.min) AND partition = ANY(\(partitions)::integer[]) ORDER BY seq LIMIT \(limit)
            """)
        return try rows.map { row throws(StoreError) in
            let (sequence, partition, topic, key, headers, value) = try Self.decode(
                row, as: (Int64, Int32, String, ByteBuffer?, ByteBuffer, ByteBuffer?).self, doing: "reading the outbox")
            let message = OutboxMessage(partition: partition, topic: topic, key: key?.bytes,
                                        headers: try OutboxHeaderCodec.decode(headers.bytes), value: value?.bytes)
            return OutboxEntry(sequence: sequence, message: message)
        }
    }

    public func deleteOutbox(sequences: [Int64]) async throws(StoreError) {
        guard !sequences.isEmpty else { return }
        _ = try await rows("deleting published outbox rows", "DELETE FROM outbox WHERE seq = ANY(\(sequences)::bigint[])")
    }

    public func metricRows(partitions: [Int32]) async throws(StoreError) -> [MetricRow] {
        guard !partitions.isEmpty else { return [] }
        let rows = try await rows("reading metric rows", """
            SELECT partition, key, value FROM metric_rows
            WHERE partition = ANY(\(partitions)::integer[]) ORDER BY partition, key
            """)
        return try rows.map { row throws(StoreError) in
            let (partition, key, value) = try Self.decode(row, as: (Int32, String, ByteBuffer).self, doing: "reading metric rows")
            return MetricRow(partition: partition, key: key, value: value.bytes)
        }
    }

    public func metricRows(partitions: [Int32], keys: [String]) async throws(StoreError) -> [MetricRow] {
        guard !partitions.isEmpty, !keys.isEmpty else { return [] }
        let rows = try await rows("reading metric rows", """
            SELECT partition, key, value FROM metric_rows
            WHERE partition = ANY(\(partitions)::integer[]) AND key = ANY(\(keys)::text[]) ORDER BY partition, key
            """)
        return try rows.map { row throws(StoreError) in
            let (partition, key, value) = try Self.decode(row, as: (Int32, String, ByteBuffer).self, doing: "reading metric rows")
            return MetricRow(partition: partition, key: key, value: value.bytes)
        }
    }

    /// Exact counts (each a scan of the table's primary key) and the database's size on disk.
    public func statistics() async throws(StoreError) -> StoreStatistics {
        let rows = try await rows("reading statistics", """
            SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM timers), (SELECT count(*) FROM outbox),
                   pg_database_size(current_database())
            """)
        guard let row = rows.first else { return StoreStatistics(cases: 0, timers: 0, outboxDepth: 0, bytesOnDisk: 0) }
        let (cases, timers, outbox, bytes) = try Self.decode(row, as: (Int64, Int64, Int64, Int64).self, doing: "reading statistics")
        return StoreStatistics(cases: Int(cases), timers: Int(timers), outboxDepth: Int(outbox), bytesOnDisk: bytes)
    }

    static func decode<each T: PostgresDecodable>(_ row: PostgresRow, as: (repeat each T).Type, doing what: String) throws(StoreError) -> (repeat each T) {
        do {
            return try row.decode((repeat each T).self)
        } catch {
            throw storeError(error, doing: what)
        }
    }
}
