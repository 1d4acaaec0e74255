import LiaisonCore
import LiaisonHTTP
import LiaisonKafka
import LiaisonStore
import Logging
import ServiceLifecycle

/// The running daemon: the router, the processing stage and the publisher over one store,
/// supervised as one service group that shuts down gracefully on SIGTERM and SIGINT.
///
/// Shutdown runs in reverse order of start: extra services (demo traffic) stop first, then the
/// router (commits its input offsets), then processing (finishes and commits its batch), then
/// the publisher (empties the outbox). A `kill -9` at any point loses nothing: the store holds
/// every committed batch and the outbox, Kafka holds every input not yet committed.
/// A shutdown is bounded by `shutdown.timeout`: past it the process exits with
/// ``shutdownTimedOutStatus``.
public struct Daemon: Sendable {
    /// The exit status of a graceful shutdown that did not finish within `shutdown.timeout`
    /// (`EX_TEMPFAIL`): nothing is lost, the next start sends what the outbox still holds and
    /// reads again what was not committed.
    public static let shutdownTimedOutStatus: Int32 = 75

    /// The configuration it runs with.
    public let configuration: LiaisonConfiguration
    /// The loaded workflow definitions.
    public let catalog: WorkflowCatalog
    /// Counters, shared with progress printers and the admin endpoints.
    public let metrics: RuntimeMetrics
    /// Renders the Prometheus exposition for `/metrics` (the executable owns the backend).
    public let metricsExposition: (@Sendable () -> String)?
    private let logger: Logger

    /// Creates the daemon; nothing starts before `run`.
    public init(configuration: LiaisonConfiguration, catalog: WorkflowCatalog, metrics: RuntimeMetrics = RuntimeMetrics(),
                metricsExposition: (@Sendable () -> String)? = nil, logger: Logger) {
        self.configuration = configuration
        self.catalog = catalog
        self.metrics = metrics
        self.metricsExposition = metricsExposition
        self.logger = logger
    }

    /// The librdkafka settings derived from the configuration.
    public var kafkaConfiguration: KafkaConfiguration {
        KafkaConfiguration(
            bootstrapServers: configuration.kafka.bootstrap,
            clientID: "liaison-\(configuration.instanceID)",
            properties: configuration.kafka.properties
        )
    }

    /// Opens the store, connects to Kafka and runs until a shutdown signal or a fatal error.
    ///
    /// - Parameters:
    ///   - extraServices: started after the daemon's own and stopped before them.
    ///   - observer: sees each batch of outputs the broker acknowledged.
    public func run(
        extraServices: [any Service] = [],
        observer: (@Sendable ([OutboxEntry]) -> Void)? = nil
    ) async throws {
        guard !configuration.topics.inputs.isEmpty else {
            throw RuntimeError(code: .badConfiguration,
                               reason: "topics.inputs names no department topic: bind at least one topic to its units")
        }
        if catalog.units == nil {
            logger.warning("no units.yaml beside the workflows: unit ids in events are checked for form only, not against a registry")
        }
        let adminServer = configuration.admin.enabled ? try configuration.admin.serverConfiguration() : nil
        let signingKey = try configuration.audit.loadSigningKey()
        if let signingKey {
            logger.info("audit checkpoints are signed", metadata: ["key_id": "\(signingKey.publicKey.id)"])
        } else {
            logger.warning("audit.signing is off: checkpoints are published unsigned")
        }
        // Armed until the store is closed too: closing a PostgreSQL pool waits for its
        // connections, and a shutdown must stay bounded whatever they do.
        let deadline = ShutdownDeadline(timeout: configuration.shutdown.timeout, logger: logger)
        defer { deadline.disarm() }
        try await StoreOpening.with(configuration.store, logger: logger) { store in
            try await run(store: store, adminServer: adminServer, signingKey: signingKey, deadline: deadline,
                          extraServices: extraServices, observer: observer)
        }
    }

    /// Runs the daemon's services over an open store.
    private func run(
        store: any StateStore,
        adminServer: AdminServerConfiguration?,
        signingKey: AuditSigningKey?,
        deadline: ShutdownDeadline,
        extraServices: [any Service],
        observer: (@Sendable ([OutboxEntry]) -> Void)?
    ) async throws {
        let logger = self.logger
        try await StoreStartupCheck.checkOffsetsTopic(store: store, topics: configuration.topics, logger: logger)
        try await StoreStartupCheck.backfillSummaries(store: store, logger: logger)
        _ = try await StoreStartupCheck.checkWorkflowVersions(store: store, catalog: catalog, workflowsFolder: configuration.workflows,
                                                              allowOrphans: configuration.allowOrphanedCases, logger: logger)
        try await StartupWait(what: "Kafka to list the topics", logger: logger,
                              metadata: ["bootstrap": "\(configuration.kafka.bootstrap)"]).run { try await requireTopics() }
        let kafka = kafkaConfiguration
        let doorbell = Doorbell()
        let ownership = PartitionOwnership()
        let producer = try KafkaProducer(configuration: kafka, idempotent: true, logger: logger)
        let processingConsumer = try KafkaConsumer(
            configuration: kafka.staticMember(configuration.kafka.groupInstanceID),
            groupID: configuration.kafka.group,
            startOffsets: Processor.startOffsets(store: store, ownership: ownership, owner: configuration.instanceID,
                                                 gained: { doorbell.ring() }, logger: logger),
            beforeRevoke: Processor.beforeRevoke(ownership: ownership),
            logger: logger
        )
        let engine = Engine(catalog: catalog, settings: engineSettings)
        // One hop when the only department topic is keyed by case id: the processing stage owns
        // its partitions and judges its records itself; otherwise the router re-keys every record
        // onto the inbound topic.
        var intake: DirectIntake? = nil
        var stages: [any Service] = []
        let inboundPartitions: Int32
        if let direct = configuration.topics.direct, let partitioner = direct.keyedByCase {
            inboundPartitions = try await StartupWait(what: "Kafka to describe topic \(direct.name)", logger: logger,
                                                      metadata: ["bootstrap": "\(configuration.kafka.bootstrap)"]).run {
                try await processingPartitionCount(logger: logger)
            }
            intake = DirectIntake(routing: RecordRouting(configuration: configuration), partitioner: KeyPartitioner(partitioner),
                                  partitionCount: inboundPartitions)
            logger.info("processing reads its department topic directly (keyed by case id)", metadata: [
                "topic": "\(direct.name)", "partitions": "\(inboundPartitions)", "partitioner": "\(partitioner.rawValue)",
            ])
        } else {
            let routerConsumer = try KafkaConsumer(configuration: kafka.staticMember(configuration.kafka.groupInstanceID.map { "\($0).router" }),
                                                   groupID: "\(configuration.kafka.group).router", logger: logger)
            stages.append(Router(consumer: routerConsumer, producer: producer, configuration: configuration,
                                 metrics: metrics, logger: logger))
            inboundPartitions = await inboundPartitionCount(logger: logger)
        }
        // With a router, the publisher shares the producer with it, and the router commits its
        // offsets only once what it forwarded is acknowledged: outputs kept in flight, or sent
        // on every commit's ring, delayed those acknowledgements (two-hop p99 +25-35 ms on the
        // test cluster, BENCHMARKS.md). So there the publisher sends one batch at a time; in
        // one hop it keeps four in flight and takes a commit's rows at once.
        let oneHop = intake != nil
        let publisher = Publisher(producer: producer, store: store, doorbell: doorbell, partitions: { ownership.partitions },
                                  deadLetterTopic: configuration.topics.deadletter, metrics: metrics, observer: observer,
                                  depth: oneHop ? 4 : 1, wakeOnRing: oneHop, logger: logger)
        let processor = Processor(consumer: processingConsumer, store: store, engine: engine,
                                  ownership: ownership, configuration: configuration, doorbell: doorbell,
                                  metrics: metrics, signingKey: signingKey, intake: intake, logger: logger)
        let cockpitFeed = CockpitFeed()
        let metricsPublisher = MetricsPublisher(store: store, ownership: ownership, configuration: configuration,
                                                inboundPartitions: inboundPartitions, doorbell: doorbell, logger: logger, feed: cockpitFeed,
                                                windowCalendar: catalog.windowCalendar)
        // The admin server starts first and stops last, so probes answer through a shutdown.
        var admin: [any Service] = [StoreSampler(store: store, metrics: metrics, interval: .seconds(10), logger: logger)]
        if let adminServer {
            let source = DaemonAdminSource(instanceID: configuration.instanceID, catalog: catalog,
                                           store: store, metrics: metrics, historyLimit: configuration.store.historyPerCase,
                                           cockpitFeed: cockpitFeed, inboundPartitions: inboundPartitions)
            admin.insert(AdminServer(configuration: adminServer, source: source, metrics: metricsExposition, logger: logger,
                                     cockpit: source), at: 0)
        }
        let contactAdmin = try KafkaAdmin(configuration: kafka)
        admin.append(KafkaContactProbe(admin: contactAdmin, metrics: metrics,
                                       interval: Readiness.probeInterval, timeout: Readiness.probeTimeout, logger: logger))
        admin.append(GroupJoinWatch(metrics: metrics, group: configuration.kafka.group,
                                    sessionTimeout: configuration.kafka.properties["session.timeout.ms"].map { "\($0)ms" } ?? "45s (librdkafka's default)",
                                    membership: membership, logger: logger))
        // Last in the group, so the first told of a shutdown: it starts the clock.
        let services: [any Service] = admin + [publisher, processor] + stages + [metricsPublisher] + extraServices + [deadline]
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map {
                .init(service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                      failureTerminationBehavior: .gracefullyShutdownGroup)
            },
            gracefulShutdownSignals: [.sigterm, .sigint],
            cancellationSignals: [],
            logger: logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = deadline.gracefulPart
        let group = ServiceGroup(configuration: groupConfiguration)
        logger.info("liaison running", metadata: [
            "version": "\(BuildInfo.version)", "commit": "\(BuildInfo.commit)",
            "instance": "\(configuration.instanceID)", "store": "\(configuration.store.displayName)",
            "workflows": "\(catalog.workflows.map { "\($0.id)@\($0.version)" })",
        ])
        try await group.run()
        do {
            try await producer.close(timeout: min(.seconds(10), deadline.remaining))
        } catch {
            logger.warning("outputs still unacknowledged at exit stay in the outbox for the next start", metadata: ["error": "\(error)"])
        }
        if deadline.overran {
            logger.error("graceful shutdown did not finish within shutdown.timeout; exiting with status \(Self.shutdownTimedOutStatus). The store and the uncommitted offsets keep everything for the next start.",
                         metadata: ["bound": "\(configuration.shutdown.timeout)"])
            throw RuntimeError(code: .shutdownTimedOut, reason: "graceful shutdown took longer than shutdown.timeout (\(configuration.shutdown.timeout))")
        }
    }

    /// Whether the group coordinator can hand a restarted instance its partitions at once.
    private var membership: String {
        configuration.kafka.groupInstanceID.map { "static (group.instance.id \($0))" } ?? "dynamic"
    }

    private var engineSettings: EngineSettings {
        configuration.processing.engineSettings
    }

    /// Refuses to start when a topic the daemon reads or writes is missing: against a real
    /// cluster operations create them ahead of time (see deploy/README.md). While the cluster
    /// cannot be reached at all, it waits, retrying with backoff, rather than exit.
    private func requireTopics() async throws {
        let admin = try KafkaAdmin(configuration: kafkaConfiguration, logger: logger)
        let needed = configuration.topics.inputs.map(\.name) + (configuration.topics.direct == nil ? [configuration.topics.inbound] : [])
            + configuration.topics.outputs
        var backoff = Backoff()
        while true {
            do {
                try await admin.requireTopics(needed, timeout: .seconds(10))
                return
            } catch where error.code == .unknownTopic {
                throw RuntimeError(code: .missingTopics, reason: error.reason)
            } catch {
                let delay = backoff.next()
                logger.warning("Kafka cannot be reached yet; retrying", metadata: [
                    "bootstrap": "\(configuration.kafka.bootstrap)", "error": "\(error)", "retry_in": "\(delay)",
                ])
                try await Task.sleep(for: delay)
            }
        }
    }
}

extension KafkaConfiguration {
    /// This configuration with `group.instance.id` set to `id` (static membership), or
    /// unchanged when `id` is nil. A `group.instance.id` under `kafka.properties` still wins.
    func staticMember(_ id: String?) -> KafkaConfiguration {
        guard let id, properties["group.instance.id"] == nil else { return self }
        var copy = self
        copy.properties["group.instance.id"] = id
        return copy
    }
}
