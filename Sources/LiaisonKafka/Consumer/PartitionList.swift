import CRdKafka

/// Conversions between `[TopicPartition]` and librdkafka's `rd_kafka_topic_partition_list_t`.
enum PartitionList {
    /// A new list the caller must free with `rd_kafka_topic_partition_list_destroy`; each
    /// partition's offset is taken from `offsets` when present.
    static func make(_ partitions: [TopicPartition], offsets: [TopicPartition: Int64] = [:]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count))!
        for partition in partitions {
            let element = rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition)!
            if let offset = offsets[partition] { element.pointee.offset = offset }
        }
        return list
    }

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
