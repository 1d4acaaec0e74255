import CRdKafka

/// Turns a `KafkaRecord` into one `rd_kafka_produceva` call, reusing one argument array and
/// the topic handle of the previous record, so that enqueueing allocates nothing in Swift.
struct RecordEncoder {
    /// Argument slots used per record: topic, partition, flags, opaque, headers, key, value.
    static let slotCount = 7

    private let handle: RDKafkaHandle
    private let values: UnsafeMutablePointer<rd_kafka_vu_t>
    private var lastTopic: String?
    private var lastTopicHandle: OpaquePointer?

    init(handle: RDKafkaHandle, values: UnsafeMutablePointer<rd_kafka_vu_t>) {
        self.handle = handle
        self.values = values
    }

    /// Enqueues `record` (librdkafka copies key, value and headers); returns the error code.
    mutating func enqueue(_ record: KafkaRecord, opaque: UnsafeMutableRawPointer) -> rd_kafka_resp_err_t {
        if record.topic != lastTopic {
            lastTopic = record.topic
            lastTopicHandle = handle.topic(record.topic)
        }
        guard let topic = lastTopicHandle else { return RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC }
        values[0].vtype = RD_KAFKA_VTYPE_RKT
        values[0].u.rkt = topic
        values[1].vtype = RD_KAFKA_VTYPE_PARTITION
        values[1].u.i32 = record.partition ?? RD_KAFKA_PARTITION_UA
        values[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS
        values[2].u.i = RD_KAFKA_MSG_F_COPY
        values[3].vtype = RD_KAFKA_VTYPE_OPAQUE
        values[3].u.ptr = opaque
        var used = 4
        var headers: OpaquePointer?
        if !record.headers.isEmpty {
            headers = Self.makeHeaders(record.headers)
            values[used].vtype = RD_KAFKA_VTYPE_HEADERS
            values[used].u.headers = headers
            used += 1
        }
        let values = self.values
        return withOptionalBytes(record.key) { key in
            withOptionalBytes(record.value) { value in
                values[used].vtype = RD_KAFKA_VTYPE_KEY
                values[used].u.mem.ptr = UnsafeMutableRawPointer(mutating: key?.baseAddress)
                values[used].u.mem.size = key?.count ?? 0
                values[used + 1].vtype = RD_KAFKA_VTYPE_VALUE
                values[used + 1].u.mem.ptr = UnsafeMutableRawPointer(mutating: value?.baseAddress)
                values[used + 1].u.mem.size = value?.count ?? 0
                guard let error = rd_kafka_produceva(handle.pointer, values, used + 2) else {
                    return RD_KAFKA_RESP_ERR_NO_ERROR
                }
                let code = rd_kafka_error_code(error)
                rd_kafka_error_destroy(error)
                if let headers { rd_kafka_headers_destroy(headers) }
                return code
            }
        }
    }

    private static func makeHeaders(_ list: [KafkaHeader]) -> OpaquePointer {
        let headers = rd_kafka_headers_new(list.count)!
        for header in list {
            _ = withOptionalBytes(header.value) { value in
                header.name.withCString { name in
                    rd_kafka_header_add(headers, name, -1, value?.baseAddress, value?.count ?? 0)
                }
            }
        }
        return headers
    }
}

/// One byte that non-null empty payloads point at: librdkafka tells an empty value from a
/// null one by the pointer, and an empty Swift array may have no storage.
nonisolated(unsafe) private let emptyPayload: UnsafeMutableRawPointer = {
    let byte = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
    byte.storeBytes(of: 0, as: UInt8.self)
    return byte
}()

/// Calls `body` with the bytes of `array`: `nil` for a `nil` array, a non-null pointer of
/// length 0 for an empty one.
func withOptionalBytes<Result>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
    guard let array else { return body(nil) }
    if array.isEmpty { return body(UnsafeRawBufferPointer(start: emptyPayload, count: 0)) }
    return array.withUnsafeBytes { body($0) }
}
