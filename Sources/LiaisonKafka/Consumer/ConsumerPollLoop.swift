import CRdKafka

/// One consumer poll, run on the poll thread: gathers rebalance events and messages in the
/// order librdkafka produced them.
struct ConsumerPollLoop {
    let handle: RDKafkaHandle
    private var lastTopic: (pointer: OpaquePointer, name: String)?

    init(handle: RDKafkaHandle) { self.handle = handle }

    /// Blocks up to `timeout` for the first event, then takes what is ready without waiting.
    mutating func poll(maxMessages: Int, timeout: Duration) -> Result<[ConsumerEvent], KafkaError> {
        let state = handle.context.rebalance!
        var events: [ConsumerEvent] = []
        events.reserveCapacity(min(maxMessages, 8192) + state.pending.count)
        events += state.pending
        state.pending.removeAll()
        if events.isEmpty, let error = handle.context.takeError() { return .failure(error) }
        let deadline = ContinuousClock.now + timeout
        var messages = 0
        while messages < maxMessages {
            let wait = events.isEmpty ? (deadline - ContinuousClock.now).clampedMilliseconds : 0
            let message = rd_kafka_consumer_poll(handle.pointer, wait)
            if !state.pending.isEmpty {
                events += state.pending
                state.pending.removeAll()
            }
            guard let message else {
                if !events.isEmpty || ContinuousClock.now >= deadline { break }
                if let error = handle.context.takeError() { return .failure(error) }
                continue
            }
            defer { rd_kafka_message_destroy(message) }
            if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let error = Self.error(of: message)
                if events.isEmpty { return .failure(error) }
                handle.context.recordError(error)
                break
            }
            events.append(.message(convert(message)))
            messages += 1
        }
        return .success(events)
    }

    private mutating func convert(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage {
        let raw = message.pointee
        let topic: String
        if let last = lastTopic, last.pointer == raw.rkt {
            topic = last.name
        } else {
            topic = String(cString: rd_kafka_topic_name(raw.rkt))
            if let rkt = raw.rkt { lastTopic = (rkt, topic) }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(message, &timestampType)
        return KafkaMessage(
            topic: topic,
            partition: raw.partition,
            offset: raw.offset,
            key: raw.key.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: raw.key_len)) },
            headers: Self.headers(of: message),
            value: raw.payload.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: raw.len)) },
            timestamp: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
        )
    }

    private static func headers(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        let count = rd_kafka_header_cnt(list)
        var result: [KafkaHeader] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR, let name else { continue }
            let bytes = value.map { [UInt8](UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(name: String(cString: name), value: bytes))
        }
        return result
    }

    private static func error(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError {
        let raw = message.pointee
        var place = ""
        if let rkt = raw.rkt { place = " on \(String(cString: rd_kafka_topic_name(rkt)))[\(raw.partition)]" }
        let text = String(cString: rd_kafka_message_errstr(message))
        return KafkaError(rdCode: raw.err, reason: "consume error\(place): \(text)")
    }
}
