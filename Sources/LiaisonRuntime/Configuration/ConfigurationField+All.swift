import Yams

extension ConfigurationField {
    /// Every field of the configuration, in the order of deploy/liaison.yaml.
    public static let all: [ConfigurationField] = general + topicFields + processingFields + adminFields + [
        .init("metrics.interval", "time between liaison.metrics snapshots; 0s turns them off") { r, v, p, c in
            r.duration(v, p).map { c.metrics.interval = $0 }
        },
        .init("shutdown.timeout", "longest graceful shutdown before the process exits with status 75") { r, v, p, c in
            r.positiveDuration(v, p).map { c.shutdown.timeout = $0 }
        },
        .init("audit.signing", "sign the audit checkpoints (on by default; `run` refuses to start without a key unless off)") { r, v, p, c in
            r.bool(v, p).map { c.audit.signing = $0 }
        },
        .init("audit.signing_key", "file holding the Ed25519 checkpoint signing key, 64 hex digits (LIAISON_AUDIT_KEY: the key itself)") { r, v, p, c in
            r.string(v, p).map { c.audit.signingKeyFile = $0 }
        },
        .init("audit.checkpoint_interval", "time between two signed checkpoints of each owned partition") { r, v, p, c in
            r.positiveDuration(v, p).map { c.audit.checkpointInterval = $0 }
        },
    ]

    private static let general: [ConfigurationField] = [
        .init("instance", "this instance's name in partition leases and logs") { r, v, p, c in
            r.string(v, p).map { c.instanceID = $0 }
        },
        .init("kafka.bootstrap", "brokers, host:port[,host:port…]") { r, v, p, c in
            r.string(v, p).map { c.kafka.bootstrap = $0 }
        },
        .init("kafka.group", "consumer group of the processing stage") { r, v, p, c in
            r.string(v, p).map { c.kafka.group = $0 }
        },
        .init("kafka.group_instance_id", "static group membership id (group.instance.id); unset: dynamic membership") { r, v, p, c in
            r.string(v, p).map { c.kafka.groupInstanceID = $0 }
        },
        .init("kafka.properties", "librdkafka properties, a mapping", structured: true) { r, v, _, c in
            r.kafkaProperties(v).forEach { c.kafka.properties[$0.key] = $0.value }
        },
        .init("store.path", "the SQLite store file") { r, v, p, c in
            r.string(v, p).map { c.store.path = $0 }
        },
        .init("store.url", "postgres://USER@HOST[:PORT]/DB: the shared PostgreSQL store (instead of store.path)") { r, v, p, c in
            guard let url = r.string(v, p) else { return }
            // A password in the address is accepted from the environment (a Secret), never from a file.
            if !p.hasPrefix("environment variable"), let scheme = url.range(of: "://"),
               let at = url[scheme.upperBound...].lastIndex(of: "@"), url[scheme.upperBound..<at].contains(":") {
                r.report(v, "store.url must not carry a password in the configuration file: set LIAISON_STORE_PASSWORD, store.password_file, or LIAISON_STORE_URL from a secret")
                return
            }
            c.store.url = url
        },
        .init("store.password_file", "file holding the PostgreSQL password") { r, v, p, c in
            r.string(v, p).map { c.store.passwordFile = $0 }
        },
        .init("store.max_connections", "most PostgreSQL connections of this instance") { r, v, p, c in
            r.positiveInt(v, p).map { c.store.maxConnections = $0 }
        },
        .init("store.history_per_case", "history records kept per case (the newest)") { r, v, p, c in
            r.positiveInt(v, p).map { c.store.historyPerCase = $0 }
        },
        .init("workflows", "the folder of workflow files") { r, v, p, c in
            r.string(v, p).map { c.workflows = $0 }
        },
        .init("allow_orphaned_cases", "start although open cases follow workflow versions no longer loaded") { r, v, p, c in
            r.bool(v, p).map { c.allowOrphanedCases = $0 }
        },
    ]

    private static let topicFields: [ConfigurationField] = {
        let names: [(String, any WritableKeyPath<LiaisonConfiguration.Topics, String> & Sendable)] = [
            ("inbound", \.inbound), ("assignments", \.assignments), ("reminders", \.reminders),
            ("escalations", \.escalations), ("cases", \.cases), ("metrics", \.metrics), ("deadletter", \.deadletter),
            ("audit", \.audit),
        ]
        let inputs = ConfigurationField("topics.inputs", "department topics, their units and keyed_by_case (murmur2|crc32), a list", structured: true) { r, v, _, c in
            var list: [LiaisonConfiguration.InputTopic] = []
            r.readInputs(v, into: &list)
            c.topics.inputs = list
        }
        let partitions = ConfigurationField("topics.inbound_partitions", "partitions `liaison dev` gives the inbound topic") { r, v, p, c in
            r.positiveInt(v, p).map { c.topics.inboundPartitions = Int32($0) }
        }
        let outputs = names.map { name, keyPath in
            ConfigurationField("topics.\(name)", "the \(name) topic's name") { r, v, p, c in
                r.string(v, p).map { c.topics[keyPath: keyPath] = $0 }
            }
        }
        return [inputs, outputs[0], partitions] + outputs.dropFirst()
    }()

    private static let processingFields: [ConfigurationField] = [
        .init("processing.batch_max_events", "most events per store transaction", legacy: ["LIAISON_BATCH_MAX_EVENTS"]) { r, v, p, c in
            r.positiveInt(v, p).map { c.processing.batchMaxEvents = $0 }
        },
        .init("processing.batch_max_wait", "longest wait for a batch to fill", legacy: ["LIAISON_BATCH_MAX_WAIT"]) { r, v, p, c in
            r.duration(v, p).map { c.processing.batchMaxWait = $0 }
        },
        .init("processing.inbox_ttl", "how long an event waits for its case to open", legacy: ["LIAISON_INBOX_TTL"]) { r, v, p, c in
            r.duration(v, p).map { c.processing.inboxTTL = $0 }
        },
        .init("processing.max_future_skew", "how far ahead an event's time may lie") { r, v, p, c in
            r.duration(v, p).map { c.processing.maxFutureSkew = $0 }
        },
        .init("processing.max_past_skew", "how far back an event's time may lie") { r, v, p, c in
            r.duration(v, p).map { c.processing.maxPastSkew = $0 }
        },
        .init("processing.inbox_max_events", "most events waiting in one case inbox") { r, v, p, c in
            r.positiveInt(v, p).map { c.processing.inboxMaxEvents = $0 }
        },
        .init("processing.inbox_max_bytes", "most bytes waiting in one case inbox") { r, v, p, c in
            r.positiveInt(v, p).map { c.processing.inboxMaxBytes = $0 }
        },
        .init("processing.seen_ids_per_unit", "event ids remembered per sending unit and case") { r, v, p, c in
            r.positiveInt(v, p).map { c.processing.seenIDsPerUnit = $0 }
        },
        .init("processing.state_cache_cases", "decoded case states kept between batches") { r, v, p, c in
            r.nonNegativeInt(v, p).map { c.processing.stateCacheCases = $0 }
        },
        .init("processing.timer_grace", "how long past due a timer waits for late events") { r, v, p, c in
            r.duration(v, p).map { c.processing.timerGrace = $0 }
        },
        .init("processing.max_event_bytes", "largest accepted record, in bytes") { r, v, p, c in
            r.positiveInt(v, p).map { c.processing.maxEventBytes = $0 }
        },
    ]

    private static let adminFields: [ConfigurationField] = [
        .init("admin.listen", "host:port of the admin server, or off") { r, v, p, c in
            r.adminListen(v, p).map { c.admin.listen = $0 }
        },
        .init("admin.token_file", "file whose first line is the admin bearer token") { r, v, p, c in
            r.string(v, p).map { c.admin.tokenFile = $0 }
        },
        .init("admin.token", "the admin bearer token itself (environment only)", inFile: false) { _, v, _, c in
            let token = v.string ?? ""
            c.admin.token = token.isEmpty ? nil : token
        },
        .init("admin.max_connections", "connections the admin server serves at once") { r, v, p, c in
            r.positiveInt(v, p).map { c.admin.maxConnections = $0 }
        },
        .init("admin.idle_timeout", "how long an idle admin connection stays open") { r, v, p, c in
            r.positiveDuration(v, p).map { c.admin.idleTimeout = $0 }
        },
    ]
}

extension ConfigurationReader {
    /// A mapping of librdkafka property names to scalar values.
    mutating func kafkaProperties(_ node: Node) -> [String: String] {
        guard case .mapping(let mapping) = node else {
            report(node, "kafka.properties must be a mapping of librdkafka property names to values")
            return [:]
        }
        var properties: [String: String] = [:]
        for (name, value) in mapping {
            guard let n = name.string, let s = value.string else {
                report(value, "kafka.properties: each property needs a name and a scalar value")
                continue
            }
            properties[n] = s
        }
        return properties
    }
}
