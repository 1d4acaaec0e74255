/// A record header: a name and an optional value (Kafka allows null header values).
public struct KafkaHeader: Sendable, Hashable {
    /// The header name, e.g. `ce_id`.
    public var name: String
    /// The raw value; `nil` is a null header, distinct from an empty one.
    public var value: [UInt8]?

    /// Creates a header.
    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }
}

/// A record to produce.
public struct KafkaRecord: Sendable, Hashable {
    /// The destination topic.
    public var topic: String
    /// The destination partition; `nil` lets the partitioner choose from the key.
    public var partition: Int32?
    /// The key; records with equal keys land in the same partition.
    public var key: [UInt8]?
    /// Headers, in order.
    public var headers: [KafkaHeader]
    /// The value; `nil` is a tombstone.
    public var value: [UInt8]?

    /// Creates a record.
    public init(topic: String, partition: Int32? = nil, key: [UInt8]? = nil, headers: [KafkaHeader] = [], value: [UInt8]?) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.headers = headers
        self.value = value
    }
}

/// Where the broker stored a produced record.
public struct DeliveryReport: Sendable, Hashable {
    /// The topic written to.
    public var topic: String
    /// The partition written to.
    public var partition: Int32
    /// The record's offset in that partition.
    public var offset: Int64

    /// Creates a report.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// A partition of a topic; the unit of assignment, pausing and offsets.
public struct TopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The topic.
    public var topic: String
    /// The partition number.
    public var partition: Int32

    /// Creates a topic-partition.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// Orders by topic, then partition, for stable logs and tests.
    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    /// `topic[partition]`.
    public var description: String { "\(topic)[\(partition)]" }
}
