import CRdKafka
import Synchronization

/// The full-path baseline: a C-style loop on librdkafka that consumes the department records,
/// produces one output per record (idempotent producer), waits until the broker acknowledged
/// the batch's outputs and then commits the consumer offsets synchronously — the least an
/// at-least-once consume-transform-produce program must do. No engine, no store.
enum RawPipelineLoop {
    /// Where the loop is; read by the benchmark thread while the loop runs.
    final class Progress: Sendable {
        let consumed = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
    }

    /// State reached from the delivery callback through the client opaque. Only the loop's own
    /// thread touches it: callbacks run inside its poll and flush calls.
    private final class DeliveryState {
        var delivered = 0
        var failed = 0
        let sendTimes: SendTimes
        let latency: LatencyRecorder?
        init(sendTimes: SendTimes, latency: LatencyRecorder?) {
            self.sendTimes = sendTimes
            self.latency = latency
        }
    }

    struct Setup: Sendable {
        let bootstrap: String
        let inputTopic: String
        let outputTopic: String
        let group: String
        /// Records to process before returning (warm-up included).
        let expected: Int
        /// `kcat`-style copy: offsets auto-committed in the background, no wait for the
        /// broker's acknowledgements per batch (only once at the end). The ceiling of any
        /// consume → produce program on the same topic.
        var copy = false
    }

    /// Runs until `setup.expected` records were consumed, their outputs acknowledged and their
    /// offsets committed; returns the monotonic instant (ns) when the last commit returned.
    static func run(_ setup: Setup, sendTimes: SendTimes, latency: LatencyRecorder?, progress: Progress) throws -> Int64 {
        let state = DeliveryState(sendTimes: sendTimes, latency: latency)
        let common = [("bootstrap.servers", setup.bootstrap), ("client.id", "bench-raw-pipeline"), ("socket.nagle.disable", "true")]
        let consumerOnly = BenchKafka.properties.filter { $0.key != "socket.nagle.disable" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let producerConf = try RawKafkaClient.conf(common + [("enable.idempotence", "true")])
        rd_kafka_conf_set_opaque(producerConf, Unmanaged.passUnretained(state).toOpaque())
        rd_kafka_conf_set_dr_msg_cb(producerConf) { _, message, opaque in
            let state = Unmanaged<DeliveryState>.fromOpaque(opaque!).takeUnretainedValue()
            guard let message, message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else { state.failed += 1; return }
            state.delivered += 1
            let sequence = Int(bitPattern: message.pointee._private) - 1
            if let latency = state.latency, sequence >= 0 {
                let sent = state.sendTimes.time(of: sequence)
                if sent > 0 { latency.record(nanoseconds: MonotonicClock.nanoseconds() - sent) }
            }
        }
        let producer = try RawKafkaClient.client(RD_KAFKA_PRODUCER, producerConf)
        defer { rd_kafka_destroy(producer) }
        let consumer = try RawKafkaClient.client(RD_KAFKA_CONSUMER, try RawKafkaClient.conf(common + consumerOnly + [
            ("group.id", setup.group), ("auto.offset.reset", "earliest"), ("enable.auto.commit", setup.copy ? "true" : "false"),
            ("enable.partition.eof", "false"),
        ]))
        defer { rd_kafka_destroy(consumer) }
        rd_kafka_poll_set_consumer(consumer)
        let list = rd_kafka_topic_partition_list_new(1)
        rd_kafka_topic_partition_list_add(list, setup.inputTopic, RD_KAFKA_PARTITION_UA)
        rd_kafka_subscribe(consumer, list)
        rd_kafka_topic_partition_list_destroy(list)
        let rkt = rd_kafka_topic_new(producer, setup.outputTopic, nil)
        defer { rd_kafka_topic_destroy(rkt) }

        var consumed = 0
        var produced = 0
        var refused = 0
        var finished: Int64 = 0
        let deadline = MonotonicClock.nanoseconds() + 300_000_000_000
        while consumed < setup.expected, MonotonicClock.nanoseconds() < deadline {
            var batch = 0
            var timeout: Int32 = 100
            while batch < 500, let message = rd_kafka_consumer_poll(consumer, timeout) {
                timeout = 0
                defer { rd_kafka_message_destroy(message) }
                guard message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
                batch += 1
                if produce(message, on: producer, rkt: rkt) { produced += 1 } else { refused += 1 }
            }
            guard batch > 0 else { continue }
            if !setup.copy {
                // At-least-once: outputs acknowledged before the input offsets move.
                while state.delivered + state.failed < produced { rd_kafka_poll(producer, 1) }
                rd_kafka_commit(consumer, nil, 0)
            }
            consumed += batch
            finished = MonotonicClock.nanoseconds()
            progress.consumed.store(consumed, ordering: .releasing)
        }
        if setup.copy {
            while state.delivered + state.failed < produced, MonotonicClock.nanoseconds() < deadline { rd_kafka_poll(producer, 1) }
            finished = MonotonicClock.nanoseconds()
        }
        progress.failures.store(state.failed + refused, ordering: .releasing)
        rd_kafka_consumer_close(consumer)
        guard consumed == setup.expected, state.failed + refused == 0 else {
            throw BenchFailure(description: "raw pipeline: \(consumed) of \(setup.expected) records, \(state.failed + refused) delivery failures")
        }
        return finished
    }

    /// Produces the record's key and value as the output, with the `bench-seq` header's
    /// sequence as the message opaque; retries while the local queue is full.
    private static func produce(_ message: UnsafeMutablePointer<rd_kafka_message_t>, on producer: OpaquePointer, rkt: OpaquePointer?) -> Bool {
        var sequence = 0
        var headers: OpaquePointer?
        if rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers {
            var pointer: UnsafeRawPointer?
            var size = 0
            if rd_kafka_header_get_last(headers, "bench-seq", &pointer, &size) == RD_KAFKA_RESP_ERR_NO_ERROR, let pointer, size == 8 {
                sequence = Int(UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self)))
            }
        }
        var values = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 5)
        values[0].vtype = RD_KAFKA_VTYPE_RKT
        values[0].u.rkt = rkt
        values[1].vtype = RD_KAFKA_VTYPE_MSGFLAGS
        values[1].u.i = RD_KAFKA_MSG_F_COPY
        values[2].vtype = RD_KAFKA_VTYPE_KEY
        values[2].u.mem.ptr = message.pointee.key
        values[2].u.mem.size = message.pointee.key_len
        values[3].vtype = RD_KAFKA_VTYPE_VALUE
        values[3].u.mem.ptr = message.pointee.payload
        values[3].u.mem.size = message.pointee.len
        values[4].vtype = RD_KAFKA_VTYPE_OPAQUE
        values[4].u.ptr = UnsafeMutableRawPointer(bitPattern: sequence + 1)
        while let error = rd_kafka_produceva(producer, values, values.count) {
            let code = rd_kafka_error_code(error)
            rd_kafka_error_destroy(error)
            guard code == RD_KAFKA_RESP_ERR__QUEUE_FULL else { return false }
            rd_kafka_poll(producer, 1)
        }
        rd_kafka_poll(producer, 0)
        return true
    }
}
