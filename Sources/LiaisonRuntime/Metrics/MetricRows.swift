import LiaisonCore
import LiaisonStore

/// Turns the store's per-(partition, key) metric rows into contributions and back.
///
/// The processor adds each batch's changes to the rows of the partitions the batch wrote and
/// stores the result in the same transaction as the case states, so a row always matches the
/// committed state of its partition: exactly once, and it moves with the partition when another
/// instance takes it over. The metrics publisher merges the rows of all partitions.
enum MetricRows {
    /// The rows to write: each changed (partition, key) row, its stored contribution plus the change.
    ///
    /// A stored row that cannot be decoded is replaced by the change alone (its numbers restart)
    /// and named in `unreadable`, so that a damaged metric never stops case processing.
    static func updated(
        stored: [MetricRow],
        changes: [Int32: [MetricKey: MetricContribution]]
    ) -> (rows: [MetricRow], unreadable: [String]) {
        var existing: [Int32: [String: [UInt8]]] = [:]
        for row in stored { existing[row.partition, default: [:]][row.key] = row.value }
        var rows: [MetricRow] = []
        var unreadable: [String] = []
        for partition in changes.keys.sorted() {
            guard let perKey = changes[partition] else { continue }
            for key in perKey.keys.sorted() {
                guard let change = perKey[key] else { continue }
                var total = MetricContribution()
                if let bytes = existing[partition]?[key.description] {
                    do {
                        total = try MetricContribution(decoding: bytes)
                    } catch {
                        unreadable.append("partition \(partition) \(key): \(error)")
                    }
                }
                total.merge(change)
                rows.append(MetricRow(partition: partition, key: key.description, value: total.encoded()))
            }
        }
        return (rows, unreadable)
    }

    /// The cluster-wide numbers: the rows of every partition merged per key.
    static func merged(_ rows: [MetricRow]) -> (numbers: [MetricKey: MetricContribution], unreadable: [String]) {
        var numbers: [MetricKey: MetricContribution] = [:]
        var unreadable: [String] = []
        for row in rows {
            guard let key = MetricKey(row.key) else {
                unreadable.append("partition \(row.partition) \(row.key): not a metric key")
                continue
            }
            do {
                numbers[key, default: MetricContribution()].merge(try MetricContribution(decoding: row.value))
            } catch {
                unreadable.append("partition \(row.partition) \(row.key): \(error)")
            }
        }
        return (numbers, unreadable)
    }

    /// The outbox messages of one snapshot of every key, in key order, published by the owner
    /// of inbound partition 0 (the instance that takes the snapshot).
    static func snapshot(_ numbers: [MetricKey: MetricContribution], at: Timestamp, topics: LiaisonConfiguration.Topics) -> [OutboxMessage] {
        numbers.keys.sorted().compactMap { key in
            guard let contribution = numbers[key] else { return nil }
            let message = MetricSnapshot(key: key, at: at, numbers: contribution).message
            return OutboxMessage(
                partition: 0,
                topic: topics.name(of: message.topic),
                key: Array(message.key.utf8),
                headers: message.headers.map { OutboxMessage.Header(name: $0.0, value: $0.1) },
                value: message.value
            )
        }
    }
}
