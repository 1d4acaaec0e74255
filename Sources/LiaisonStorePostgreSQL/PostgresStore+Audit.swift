import LiaisonStore
import NIOCore
import PostgresNIO

extension PostgresStore {
    public func auditCheckpoints(partition: Int32?, newestOnly: Bool) async throws(StoreError) -> [StoredCheckpoint] {
        let rows = try await rows("reading audit checkpoints", """
            SELECT c.partition, c.seq, c.record FROM audit_checkpoints c
            WHERE (\(partition ?? -1) = -1 OR c.partition = \(partition ?? -1))
              AND (NOT \(newestOnly) OR c.seq = (SELECT max(n.seq) FROM audit_checkpoints n WHERE n.partition = c.partition))
            ORDER BY c.partition, c.seq
            """)
        return try rows.map { row throws(StoreError) in
            let (partition, seq, record) = try Self.decode(row, as: (Int32, Int64, String).self, doing: "reading audit checkpoints")
            return StoredCheckpoint(partition: partition, seq: seq, record: record)
        }
    }

    public func caseStates(partition: Int32, updatedSince: Int64) async throws(StoreError) -> [String: [UInt8]] {
        let rows = try await rows("reading the cases an audit checkpoint covers", """
            SELECT case_id, state FROM cases WHERE partition = \(partition) AND updated >= \(updatedSince)
            """)
        var states: [String: [UInt8]] = [:]
        for row in rows {
            let (id, state) = try Self.decode(row, as: (String, ByteBuffer).self, doing: "reading the cases an audit checkpoint covers")
            states[id] = state.bytes
        }
        return states
    }
}
