import CRdKafka

/// One consumer poll: gathers rebalance events and messages in the order librdkafka produced
/// them (`poll`, on the poll thread), then turns them into `ConsumerEvent`s (`events(from:)`).
struct ConsumerPollLoop {
    let handle: RDKafkaHandle
    let context: ConsumerContext
    private var lastTopic: (pointer: OpaquePointer, name: String)?

    init(handle: RDKafkaHandle, context: ConsumerContext) {
        self.handle = handle
        self.context = context
    }

    /// Converts and destroys the messages of `batch`.
    mutating func events(from batch: PolledBatch) -> [ConsumerEvent] {
        batch.convert { convert($0) }
    }

    /// Blocks up to `timeout` for the first event, then takes what is ready without waiting.
    /// Runs on the poll thread, where librdkafka also runs the rebalance callback.
    func poll(maxMessages: Int, timeout: Duration) -> Result<PolledBatch, KafkaError> {
        let pointer = handle.pointer
        return Self.gather(maxMessages: maxMessages, timeout: timeout, context: context, clock: ContinuousClock()) {
            rd_kafka_consumer_poll(pointer, $0)
        }
    }

    /// The body of `poll`, with the clock and librdkafka's poll call (`next`, given a wait in
    /// milliseconds) passed in, so that tests can count the polls a quiet time-out costs.
    ///
    /// The clock is read once to fix the deadline and once after each empty poll. What is left
    /// before the deadline is rounded up to whole milliseconds: rounded down, the last fraction
    /// of a millisecond would become polls with a zero wait, spinning until the deadline.
    static func gather<C: Clock<Duration>>(
        maxMessages: Int, timeout: Duration, context: ConsumerContext, clock: C,
        next: (Int32) -> UnsafeMutablePointer<rd_kafka_message_t>?
    ) -> Result<PolledBatch, KafkaError> {
        let batch = PolledBatch(capacity: min(maxMessages, 8192))
        batch.append(context.takeEvents())
        if batch.isEmpty, let error = context.takeError() { return .failure(error) }
        let deadline = clock.now.advanced(by: timeout)
        var wait = timeout.roundedUpMilliseconds
        var messages = 0
        while messages < maxMessages {
            let message = next(batch.isEmpty ? wait : 0)
            batch.append(context.takeEvents())
            guard let message else {
                if !batch.isEmpty { break }
                wait = clock.now.duration(to: deadline).roundedUpMilliseconds
                if wait == 0 { break }
                if let error = context.takeError() { return .failure(error) }
                continue
            }
            if message.pointee.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                let error = Self.error(of: message)
                rd_kafka_message_destroy(message)
                if batch.isEmpty { return .failure(error) }
                context.clientError(error)
                break
            }
            batch.append(message)
            messages += 1
        }
        return .success(batch)
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
