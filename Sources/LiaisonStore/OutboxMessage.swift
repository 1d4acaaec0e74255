/// A Kafka record waiting to be published, written in the same transaction as the state
/// change that produced it, so that an output is never lost nor sent for a change that was
/// rolled back.
public struct OutboxMessage: Sendable, Hashable {
    /// One Kafka record header; a `nil` value is a header without a value (distinct from an
    /// empty one in Kafka).
    public struct Header: Sendable, Hashable {
        /// Header name.
        public var name: String
        /// Header value, or `nil` for a null value.
        public var value: [UInt8]?

        /// Creates a header.
        public init(name: String, value: [UInt8]?) {
            self.name = name
            self.value = value
        }
    }

    /// The inbound partition whose batch produced the message. Only that partition's current
    /// owner publishes it, so with several instances every message has exactly one publisher,
    /// and a batch may only add messages for partitions it holds a lease on.
    public var partition: Int32
    /// The destination topic.
    public var topic: String
    /// The record key (the case id for our outputs), or `nil` for a null key.
    public var key: [UInt8]?
    /// The record headers, in order (CloudEvents binary mode puts attributes here).
    public var headers: [Header]
    /// The record value, or `nil` for a tombstone.
    public var value: [UInt8]?

    /// Creates a message.
    public init(partition: Int32, topic: String, key: [UInt8]?, headers: [Header] = [], value: [UInt8]?) {
        self.partition = partition
        self.topic = topic
        self.key = key
        self.headers = headers
        self.value = value
    }
}

/// An outbox message as stored, with the sequence number that orders it and that the
/// publisher uses to delete it once the broker acknowledged it.
public struct OutboxEntry: Sendable, Hashable {
    /// Position in the outbox; strictly increasing, never reused, even after deletions.
    public var sequence: Int64
    /// The record to publish.
    public var message: OutboxMessage

    /// Creates an entry; normally read from ``StateStore/pendingOutbox(limit:)``.
    public init(sequence: Int64, message: OutboxMessage) {
        self.sequence = sequence
        self.message = message
    }
}
