/// What a cluster told us about itself: its brokers and topics.
public struct ClusterMetadata: Sendable, Hashable {
    /// A broker of the cluster.
    public struct Broker: Sendable, Hashable {
        /// The broker id.
        public var id: Int32
        /// Its advertised host.
        public var host: String
        /// Its advertised port.
        public var port: Int32
    }

    /// A topic and its partition count.
    public struct Topic: Sendable, Hashable {
        /// The topic name.
        public var name: String
        /// How many partitions it has.
        public var partitionCount: Int
    }

    /// Every broker, by id.
    public var brokers: [Broker]
    /// Every topic the cluster reported without error, by name.
    public var topics: [Topic]

    /// The topic named `name`, if the cluster has it.
    public func topic(_ name: String) -> Topic? { topics.first { $0.name == name } }
}

/// A topic to create: its name, partition count, replication factor and topic configs
/// (e.g. `cleanup.policy: compact`).
public struct TopicSpec: Sendable, Hashable {
    /// The topic name.
    public var name: String
    /// The number of partitions.
    public var partitions: Int32
    /// The number of replicas of each partition.
    public var replicationFactor: Int32
    /// Topic-level configs, passed to the broker unchanged.
    public var configs: [String: String]

    /// Creates a spec.
    public init(name: String, partitions: Int32, replicationFactor: Int32, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}
