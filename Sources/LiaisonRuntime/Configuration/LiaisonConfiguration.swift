import LiaisonCore
/// Everything the daemon needs to run, with defaults that work for `liaison dev`.
///
/// Read from one YAML file (`LiaisonConfiguration.load(file:environment:)`) and then
/// overridden by `LIAISON_*` environment variables; librdkafka properties pass through unchanged.
public struct LiaisonConfiguration: Sendable, Equatable {
    /// This instance's name in partition leases and logs (defaults to the host name).
    public var instanceID = LiaisonConfiguration.defaultInstanceID()
    /// How to reach Kafka.
    public var kafka = Kafka()
    /// Which topics the daemon reads and writes.
    public var topics = Topics()
    /// Where durable state lives.
    public var store = Store()
    /// The folder of workflow files (calendars in its `calendars/` subfolder).
    public var workflows = "Workflows"
    /// Start although the store holds open cases of workflow versions that are not loaded
    /// (their events are then refused, `unknown-workflow`). Off by default: removing a version
    /// that still has open cases is refused at start, listing them.
    public var allowOrphanedCases = false
    /// Batching, inbox and input limits.
    public var processing = Processing()
    /// The admin HTTP server (probes, case views, Prometheus metrics).
    public var admin = Admin()
    /// The `liaison.metrics` snapshots.
    public var metrics = Metrics()
    /// How long a graceful shutdown may take.
    public var shutdown = Shutdown()
    /// The audit trail's signed checkpoints.
    public var audit = Audit()

    /// Creates the default configuration.
    public init() {}

    /// Connection to the Kafka cluster.
    public struct Kafka: Sendable, Equatable {
        /// `host:port[,host:port…]`.
        public var bootstrap = "localhost:9092"
        /// Consumer group of the processing stage; the routing stage uses `<group>.router`.
        public var group = "liaison"
        /// librdkafka properties passed through unchanged (SASL, SSL, tuning).
        public var properties: [String: String] = [:]
        /// Static group membership (KIP-345): the processing consumer joins with this
        /// `group.instance.id` (the router's with `<id>.router`), so that a restarted instance
        /// takes its partitions back at once instead of waiting for the session timeout. Must be
        /// unique per instance and stable across its restarts; nil: dynamic membership.
        public var groupInstanceID: String?
        /// Creates the defaults.
        public init() {}
    }

    /// One department topic and the units allowed to publish on it.
    public struct InputTopic: Sendable, Equatable {
        /// The Kafka topic name.
        public var name: String
        /// Unit ids whose events are accepted on this topic; any other source is refused.
        public var units: [String]
        /// Set when the departments key every record of this topic by its case id with this
        /// partitioner: the processing stage may then own the topic's partitions directly
        /// (see ``Topics/direct``). Records that break the promise are dead-lettered.
        public var keyedByCase: Partitioner?
        /// Creates a binding.
        public init(name: String, units: [String], keyedByCase: Partitioner? = nil) {
            self.name = name
            self.units = units
            self.keyedByCase = keyedByCase
        }

        /// How the departments' producers choose a keyed record's partition.
        public enum Partitioner: String, Sendable, CaseIterable {
            /// Java clients' default (and librdkafka's `murmur2_random`).
            case murmur2
            /// librdkafka's default, `consistent_random`.
            case crc32
        }
    }

    /// Topic names; the output names are the contract's defaults (DESIGN §5).
    public struct Topics: Sendable, Equatable {
        /// Department topics and the units bound to each.
        public var inputs: [InputTopic] = []
        /// Internal topic keyed by case id: every case has exactly one owning partition.
        public var inbound = "liaison.inbound"
        /// Partition count used when the daemon creates `inbound` itself (dev, tests).
        public var inboundPartitions: Int32 = 8
        public var assignments = "liaison.assignments"
        public var reminders = "liaison.reminders"
        public var escalations = "liaison.escalations"
        public var cases = "liaison.cases"
        public var metrics = "liaison.metrics"
        public var deadletter = "liaison.deadletter"
        /// Signed audit checkpoints (AUDIT.md).
        public var audit = "liaison.audit"
        /// Creates the defaults.
        public init() {}

        /// The department topic the processing stage reads directly, without the router and
        /// the inbound topic: set when the only input topic is declared keyed by case id. Its
        /// partitions are then the cases' owning partitions, as the inbound topic's are otherwise.
        public var direct: InputTopic? {
            guard inputs.count == 1, let only = inputs.first, only.keyedByCase != nil else { return nil }
            return only
        }

        /// The topic whose partitions the processing stage owns and whose offsets the store keeps.
        public var processing: String {
            direct?.name ?? inbound
        }

        /// Every output topic name, for start-up checks.
        public var outputs: [String] {
            [assignments, reminders, escalations, cases, metrics, deadletter, audit]
        }
    }

    /// The durable store.
    public struct Store: Sendable, Equatable {
        /// SQLite database file; its folder is created if missing. Used unless ``url`` is set.
        public var path = ".liaison/liaison.sqlite"
        /// A `postgres://USER@HOST[:PORT]/DATABASE[?sslmode=…]` address: the shared PostgreSQL
        /// store that several instances use together. A password never comes from the
        /// configuration file: it comes from ``password`` (`LIAISON_STORE_PASSWORD`), from
        /// ``passwordFile``, or from the address when the address itself comes from the
        /// environment (`LIAISON_STORE_URL`, typically a Kubernetes Secret).
        public var url: String?
        /// A file whose content (trailing newline ignored) is the PostgreSQL password.
        public var passwordFile: String?
        /// The PostgreSQL password, from the environment only (`LIAISON_STORE_PASSWORD`).
        public var password: String?
        /// The most connections to PostgreSQL this instance opens.
        public var maxConnections = 8
        /// How many history records (inputs applied, timers fired, outputs) the store keeps per
        /// case, the newest; older ones are dropped as new ones come.
        public var historyPerCase = 1_000
        /// Creates the defaults.
        public init() {}
    }

    /// The producer's per-record limit: librdkafka's `message.max.bytes` (1,000,000 unless set
    /// under `kafka.properties`).
    public var producerRecordLimit: Int {
        kafka.properties["message.max.bytes"].flatMap { Int($0) } ?? 1_000_000
    }

    /// The values librdkafka accepts for `message.max.bytes`; a loaded configuration's limit is
    /// one of them.
    static let recordLimitRange = 1000...1_000_000_000

    /// The largest department record the router accepts (see `processing.max_event_bytes`).
    public var acceptedEventBytes: Int {
        processing.acceptedEventBytes(producerLimit: producerRecordLimit)
    }

    /// How input is batched and bounded.
    public struct Processing: Sendable, Equatable {
        /// Most events applied in one store transaction.
        public var batchMaxEvents = 500
        /// Longest wait for a batch to fill before it is committed.
        public var batchMaxWait: Duration = .milliseconds(20)
        /// How long an event for a case that does not exist yet waits for it.
        public var inboxTTL: Duration = .seconds(24 * 3600)
        /// How far in the future an event's `time` may lie before it is refused.
        public var maxFutureSkew: Duration = .seconds(300)
        /// How far in the past an event's `time` may lie before it is refused (`past-time`).
        public var maxPastSkew: Duration = .seconds(30 * 24 * 3600)
        /// Most events one case inbox holds while its case has not opened.
        public var inboxMaxEvents = 64
        /// Most bytes the events waiting in one case inbox hold together.
        public var inboxMaxBytes = 256 * 1024
        /// How many decided event ids a case remembers per sending unit, so that a redelivered
        /// event changes nothing.
        public var seenIDsPerUnit = 256
        /// Most decoded case states the processor keeps between batches (0 = read every case
        /// from the store each batch).
        public var stateCacheCases = 20_000
        /// Largest accepted record (key + headers + value), in bytes; nil = the largest the
        /// producer can forward with Liaison's headers (see ``acceptedEventBytes(producerLimit:)``).
        public var maxEventBytes: Int?
        /// How long past its due time a timer waits before it fires, for events that happened
        /// before the deadline but are still on their way; the output still carries the due
        /// time. Zero fires at once; raise it where delivery is slow relative to deadlines.
        public var timerGrace: Duration = .zero
        /// Creates the defaults.
        public init() {}

        /// Room kept for what forwarding adds to a record: the case id as key, the
        /// `liaison.origin.*` headers and the record batch's own framing.
        public static let forwardingOverhead = 4096

        /// The largest record the router accepts: the configured `max_event_bytes`, or what a
        /// producer limited to `producerLimit` bytes per record can still forward.
        public func acceptedEventBytes(producerLimit: Int) -> Int {
            maxEventBytes ?? max(1024, producerLimit - Self.forwardingOverhead)
        }

        /// The engine's limits from these settings.
        public var engineSettings: EngineSettings {
            EngineSettings(inboxTTL: inboxTTL, maxFutureSkew: maxFutureSkew, maxPastSkew: maxPastSkew,
                           inboxLimit: inboxMaxEvents, inboxMaxBytes: inboxMaxBytes, seenEventsPerUnit: seenIDsPerUnit)
        }
    }
}

extension LiaisonConfiguration {
    /// How often cluster-wide numbers are published on `liaison.metrics` (DESIGN §7).
    public struct Metrics: Sendable, Equatable {
        /// Time between two snapshots; 0 turns publishing off (the numbers are still kept).
        public var interval: Duration = .seconds(60)
        /// Creates the defaults.
        public init() {}
    }
}

extension LiaisonConfiguration {
    /// The bound on a graceful shutdown (SIGTERM, SIGINT).
    public struct Shutdown: Sendable, Equatable {
        /// Longest time from the signal to the exit. Past it the daemon stops waiting (for
        /// Kafka to acknowledge the outbox, for a batch to commit) and exits with
        /// `Daemon.shutdownTimedOutStatus`; the store and the uncommitted offsets keep
        /// everything for the next start. The default stays below Kubernetes' 30 s grace period.
        public var timeout: Duration = .seconds(25)
        /// Creates the defaults.
        public init() {}
    }
}

import Foundation

extension LiaisonConfiguration {
    /// `<host>:<pid>`: unique among the instances sharing a store.
    static func defaultInstanceID() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }
}
