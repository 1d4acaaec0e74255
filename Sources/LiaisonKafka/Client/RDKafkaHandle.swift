import CRdKafka
import Logging
import Synchronization

/// The one owner of an `rd_kafka_t`: creates it, keeps the callback context alive as long as
/// librdkafka may call into it, and destroys both in `deinit`.
final class RDKafkaHandle: Sendable {
    private let client: SendableOpaquePointer
    /// The callback context; outlives the client.
    let context: any ClientContext
    private let topics = Mutex<[String: SendableOpaquePointer]>([:])

    private init(client: OpaquePointer, context: any ClientContext) {
        self.client = SendableOpaquePointer(raw: client)
        self.context = context
    }

    /// The librdkafka client, valid as long as this object lives.
    var pointer: OpaquePointer { client.raw }

    /// Creates a client of `type` with `properties`; `configure` may add callbacks to the
    /// conf before the client takes it over. Frees the conf if creation fails.
    static func make(
        type: rd_kafka_type_t,
        properties: [(String, String)],
        context: some ClientContext,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) -> RDKafkaHandle {
        let conf = try RDKafkaConf.make(properties)
        RDKafkaConf.attach(context, to: conf)
        configure(conf)
        let (created, detail) = RDKafkaErrorText.capture { rd_kafka_new(type, conf, $0, $1) }
        guard let pointer = created else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(code: .invalidConfiguration, reason: "cannot create client: \(detail)")
        }
        return RDKafkaHandle(client: pointer, context: context)
    }

    /// The cached `rd_kafka_topic_t` for `name`, created on first use; freed with the client.
    func topic(_ name: String) -> OpaquePointer? {
        topics.withLock { cache in
            if let existing = cache[name] { return existing.raw }
            guard let created = rd_kafka_topic_new(pointer, name, nil) else { return nil }
            cache[name] = SendableOpaquePointer(raw: created)
            return created
        }
    }

    deinit {
        topics.withLock { cache in
            for topic in cache.values { rd_kafka_topic_destroy(topic.raw) }
            cache.removeAll()
        }
        rd_kafka_destroy(pointer)
    }
}
