import CRdKafka
import Logging

/// The one owner of an `rd_kafka_t`: creates it, keeps the callback context alive as long as
/// librdkafka may call into it, and destroys both in `deinit`.
///
/// `@unchecked Sendable` is sound because librdkafka's handle is thread-safe for the calls
/// this layer makes, and the only mutable Swift state (the topic-handle cache) is locked.
final class RDKafkaHandle: @unchecked Sendable {
    /// The librdkafka client.
    let pointer: OpaquePointer
    /// The callback context; outlives `pointer`.
    let context: any ClientContext
    private let topics = Locked<[String: OpaquePointer]>([:])

    private init(pointer: OpaquePointer, context: any ClientContext) {
        self.pointer = pointer
        self.context = context
    }

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
        return RDKafkaHandle(pointer: pointer, context: context)
    }

    /// The cached `rd_kafka_topic_t` for `name`, created on first use; freed with the client.
    func topic(_ name: String) -> OpaquePointer? {
        topics.withLock { cache in
            if let existing = cache[name] { return existing }
            guard let created = rd_kafka_topic_new(pointer, name, nil) else { return nil }
            cache[name] = created
            return created
        }
    }

    deinit {
        topics.withLock { cache in
            for topic in cache.values { rd_kafka_topic_destroy(topic) }
            cache.removeAll()
        }
        rd_kafka_destroy(pointer)
    }
}
