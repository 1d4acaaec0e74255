/// A record read by a consumer.
public struct KafkaMessage: Sendable, Hashable {
    /// The topic it was read from.
    public var topic: String
    /// The partition it was read from.
    public var partition: Int32
    /// Its offset in that partition.
    public var offset: Int64
    /// The key, or `nil` when the record had none.
    public var key: [UInt8]?
    /// Headers, in order.
    public var headers: [KafkaHeader]
    /// The value, or `nil` for a tombstone.
    public var value: [UInt8]?
    /// The record timestamp in milliseconds since the Unix epoch, when the record has one.
    public var timestamp: Int64?

    /// Creates a message (consumers build these; tests may too).
    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?,
        headers: [KafkaHeader], value: [UInt8]?, timestamp: Int64?
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.headers = headers
        self.value = value
        self.timestamp = timestamp
    }

    /// This message's partition.
    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}

/// What a consumer poll yields, in the order it happened.
public enum ConsumerEvent: Sendable, Hashable {
    /// Partitions newly given to this consumer; their messages follow this event.
    case assigned([TopicPartition])
    /// Partitions taken away; no message of them follows until they are assigned again.
    case revoked([TopicPartition])
    /// A message.
    case message(KafkaMessage)
}
