import CRdKafka

/// The baseline: the same work done by calling librdkafka's C API directly, the way a C
/// program would (produce with a poll on queue-full, flush; consumer_poll in a loop).
enum RawKafkaLoops {
    /// Delivery counters, reached from the C callback through the client opaque. Only the
    /// producing thread touches them (callbacks run inside its poll and flush calls).
    struct Counters {
        var delivered = 0
        var failed = 0
    }

    static func produce(_ setup: BenchSetup, topic: String) throws -> Duration {
        let counters = UnsafeMutablePointer<Counters>.allocate(capacity: 1)
        counters.initialize(to: Counters())
        defer { counters.deallocate() }
        let conf = try makeConf(setup, extra: [("enable.idempotence", "true")])
        rd_kafka_conf_set_opaque(conf, counters)
        rd_kafka_conf_set_dr_msg_cb(conf) { _, message, opaque in
            let counters = opaque!.assumingMemoryBound(to: Counters.self)
            if message!.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                counters.pointee.delivered += 1
            } else {
                counters.pointee.failed += 1
            }
        }
        let handle = try RawKafkaClient.client(RD_KAFKA_PRODUCER, conf)
        defer { rd_kafka_destroy(handle) }
        let rkt = rd_kafka_topic_new(handle, topic, nil)
        defer { rd_kafka_topic_destroy(rkt) }
        let payload = [UInt8](repeating: BenchSetup.payloadByte, count: setup.payloadSize)
        var values = [rd_kafka_vu_t](repeating: rd_kafka_vu_t(), count: 4)
        values[0].vtype = RD_KAFKA_VTYPE_RKT
        values[0].u.rkt = rkt
        values[1].vtype = RD_KAFKA_VTYPE_PARTITION
        values[2].vtype = RD_KAFKA_VTYPE_MSGFLAGS
        values[2].u.i = RD_KAFKA_MSG_F_COPY
        values[3].vtype = RD_KAFKA_VTYPE_VALUE
        let clock = ContinuousClock()
        let elapsed = payload.withUnsafeBytes { bytes in
            values[3].u.mem.ptr = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
            values[3].u.mem.size = bytes.count
            return clock.measure {
                for index in 0..<setup.messages {
                    values[1].u.i32 = Int32(index % Int(setup.partitions))
                    while let error = rd_kafka_produceva(handle, values, values.count) {
                        let code = rd_kafka_error_code(error)
                        rd_kafka_error_destroy(error)
                        guard code == RD_KAFKA_RESP_ERR__QUEUE_FULL else { counters.pointee.failed += 1; break }
                        rd_kafka_poll(handle, 1)
                    }
                    rd_kafka_poll(handle, 0)
                }
                while counters.pointee.delivered + counters.pointee.failed < setup.messages {
                    rd_kafka_poll(handle, 10)
                }
            }
        }
        guard counters.pointee.failed == 0 else { throw BenchFailure(description: "raw produce: \(counters.pointee.failed) failures") }
        return elapsed
    }

    /// Consumes the topic as a group member, assigning partitions from offset 0 in the
    /// rebalance callback, exactly as LiaisonKafka does; times the messages after the warm-up.
    static func consume(_ setup: BenchSetup, topic: String, group: String) throws -> Duration {
        let conf = try makeConf(setup, extra: [
            ("group.id", group), ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false"),
            ("enable.partition.eof", "false"), ("partition.assignment.strategy", "cooperative-sticky"),
        ] + BenchSetup.consumerProperties)
        rd_kafka_conf_set_rebalance_cb(conf) { handle, reason, partitions, _ in
            guard let partitions else { return }
            if reason == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
                for index in 0..<Int(partitions.pointee.cnt) { partitions.pointee.elems[index].offset = 0 }
                if let error = rd_kafka_incremental_assign(handle, partitions) { rd_kafka_error_destroy(error) }
            } else if let error = rd_kafka_incremental_unassign(handle, partitions) {
                rd_kafka_error_destroy(error)
            }
        }
        let handle = try RawKafkaClient.client(RD_KAFKA_CONSUMER, conf)
        defer { rd_kafka_destroy(handle) }
        rd_kafka_poll_set_consumer(handle)
        let list = rd_kafka_topic_partition_list_new(1)
        rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA)
        rd_kafka_subscribe(handle, list)
        rd_kafka_topic_partition_list_destroy(list)
        let clock = ContinuousClock()
        var start: ContinuousClock.Instant?
        var count = 0
        var checksum = 0
        let deadline = clock.now + .seconds(120)
        while count < setup.messages, clock.now < deadline {
            guard let message = rd_kafka_consumer_poll(handle, 100) else { continue }
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                count += 1
                if count == setup.warmUp { start = clock.now }
                // Read the payload, as any consumer must: a byte sum checks it arrived intact.
                let payload = UnsafeRawBufferPointer(start: message.pointee.payload, count: message.pointee.len)
                checksum &+= payload.reduce(0) { $0 &+ Int($1) }
            }
            rd_kafka_message_destroy(message)
        }
        let end = clock.now
        rd_kafka_consumer_close(handle)
        guard count == setup.messages, let start, checksum == setup.expectedChecksum else {
            throw BenchFailure(description: "raw consume: \(count) of \(setup.messages) messages")
        }
        return end - start
    }

    private static func makeConf(_ setup: BenchSetup, extra: [(String, String)]) throws -> OpaquePointer {
        try RawKafkaClient.conf([("bootstrap.servers", setup.bootstrap), ("client.id", "bench-raw")] + extra)
    }
}
