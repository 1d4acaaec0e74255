@testable import LiaisonStore

/// Small builders so that tests state only what matters to them.
enum Fixtures {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func message(_ topic: String, _ key: String, value: String? = nil, partition: Int32 = 0) -> OutboxMessage {
        OutboxMessage(
            partition: partition,
            topic: topic,
            key: bytes(key),
            headers: [.init(name: "ce_id", value: bytes("\(key)/\(topic)")), .init(name: "absent", value: nil)],
            value: value.map(bytes)
        )
    }

    /// A batch touching every table for `partition` under `lease`.
    static func fullBatch(_ lease: PartitionLease, tag: String) -> StoreBatch {
        StoreBatch(
            leases: [lease],
            caseStates: ["case-\(tag)": .init(partition: lease.partition, state: bytes("state-\(tag)"))],
            scheduledTimers: [StoredTimer(id: "timer-\(tag)", partition: lease.partition, caseID: "case-\(tag)", due: 1_000)],
            outbox: [message("liaison.cases", "case-\(tag)", value: "{}", partition: lease.partition)],
            offsets: [lease.partition: 42],
            metricContributions: [MetricRow(partition: lease.partition, key: "unit/\(tag)", value: bytes("1"))]
        )
    }
}
