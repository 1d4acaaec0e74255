import CRdKafka

/// Bare librdkafka clients for the raw loops, which measure librdkafka without Liaison's
/// Kafka layer and so cannot use its client factory.
enum RawKafkaClient {
    /// A conf with every property set; names the property librdkafka refuses.
    static func conf(_ properties: [(String, String)]) throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        for (name, value) in properties {
            let (result, reason) = withErrorText { rd_kafka_conf_set(conf, name, value, $0, $1) }
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                throw BenchFailure(description: "property \(name): \(reason)")
            }
        }
        return conf
    }

    /// A client of `type` that takes over `conf`; frees `conf` when creation fails.
    static func client(_ type: rd_kafka_type_t, _ conf: OpaquePointer) throws -> OpaquePointer {
        let (created, reason) = withErrorText { rd_kafka_new(type, conf, $0, $1) }
        guard let handle = created else {
            rd_kafka_conf_destroy(conf)
            throw BenchFailure(description: "rd_kafka_new: \(reason)")
        }
        return handle
    }

    /// Calls `call` with librdkafka's error buffer (`errstr`, `errstr_size`) and returns its
    /// result with the text left in the buffer.
    private static func withErrorText<Result>(_ call: (UnsafeMutablePointer<CChar>, Int) -> Result) -> (Result, String) {
        var buffer = [CChar](repeating: 0, count: 512)
        let result = buffer.withUnsafeMutableBufferPointer { call($0.baseAddress!, $0.count) }
        return (result, String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
