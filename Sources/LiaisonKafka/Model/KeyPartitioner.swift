import CRdKafka

/// The function a producer uses to choose a keyed record's partition, so that a consumer can
/// tell whether a record sits where its key puts it.
///
/// Two clients' defaults cover department systems in practice: Java clients hash keys with
/// murmur2, librdkafka-based clients (C, C++, Go, Python, .NET) with CRC32 unless configured
/// otherwise (`partitioner=murmur2_random` makes them agree with Java). The hashing is
/// librdkafka's own, so the answer is the one its producers give.
public enum KeyPartitioner: String, Sendable, CaseIterable {
    /// Java-compatible murmur2: Java clients' default, librdkafka's `murmur2` and `murmur2_random`.
    case murmur2
    /// CRC32 of the key: librdkafka's default `consistent_random`, and `consistent`.
    case crc32

    /// The partition a record keyed `key` goes to on a topic of `partitionCount` partitions.
    public func partition(of key: [UInt8], partitionCount: Int32) -> Int32 {
        precondition(partitionCount > 0, "a topic has at least one partition")
        return key.withUnsafeBytes { bytes in
            switch self {
            case .murmur2:
                rd_kafka_msg_partitioner_murmur2(nil, bytes.baseAddress, bytes.count, partitionCount, nil, nil)
            case .crc32:
                rd_kafka_msg_partitioner_consistent(nil, bytes.baseAddress, bytes.count, partitionCount, nil, nil)
            }
        }
    }
}
