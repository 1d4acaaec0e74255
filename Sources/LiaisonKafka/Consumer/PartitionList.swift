import CRdKafka

/// An `rd_kafka_topic_partition_list_t` this layer created, freed when the object goes, so
/// that no call path can leak it or free it twice.
///
/// librdkafka reads the list only during the call it is passed to; `withPointer` keeps the
/// object alive for that call.
final class PartitionList {
    private let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A list of `partitions`, each with its offset from `offsets` when present.
    init(_ partitions: [TopicPartition], offsets: [TopicPartition: Int64] = [:]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count))!
        for partition in partitions {
            let element = rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)!
            if let offset = offsets[partition] { element.pointee.offset = offset }
        }
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    /// Calls `body` with the C list, which stays valid until `body` returns.
    func withPointer<Result>(_ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(pointer) }
    }

    /// The first per-partition error librdkafka left in the list, naming the partition.
    func firstError(action: String) -> KafkaError? {
        withPointer { PartitionList.firstError(in: $0, action: action) }
    }
}

/// Reading and filling lists librdkafka owns (those it lends to the rebalance callback) as well
/// as this layer's own.
extension PartitionList {
    /// The partitions of `list`, in list order.
    static func partitions(of list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [TopicPartition] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return TopicPartition(topic: String(cString: element.topic), partition: element.partition)
        }
    }

    /// Sets the offset of every element of `list` found in `offsets`.
    static func apply(_ offsets: [TopicPartition: Int64], to list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        guard !offsets.isEmpty else { return }
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems + index
            let key = TopicPartition(topic: String(cString: element.pointee.topic), partition: element.pointee.partition)
            if let offset = offsets[key] { element.pointee.offset = offset }
        }
    }

    /// The first per-partition error of `list`, naming the partition.
    static func firstError(in list: UnsafePointer<rd_kafka_topic_partition_list_t>, action: String) -> KafkaError? {
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            if element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let where_ = "\(String(cString: element.topic))[\(element.partition)]"
                return KafkaError(rdCode: element.err, reason: "\(action) \(where_): \(String(cString: rd_kafka_err2str(element.err)))")
            }
        }
        return nil
    }
}
