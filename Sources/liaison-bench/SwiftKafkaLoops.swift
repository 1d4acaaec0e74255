import LiaisonKafka

/// The Swift side of the benchmark: LiaisonKafka's producer and consumer as the daemon uses them.
enum SwiftKafkaLoops {
    /// Sends `setup.messages` records (built before the clock starts, sharing one payload) and
    /// returns the time until the last delivery report.
    static func produce(_ setup: BenchSetup, topic: String, batch: Int) async throws -> Duration {
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: setup.bootstrap, clientID: "bench-swift"))
        let payload = [UInt8](repeating: 0x61, count: setup.payloadSize)
        let records = (0..<setup.messages).map { index in
            KafkaRecord(topic: topic, partition: Int32(index % Int(setup.partitions)), value: payload)
        }
        let chunk = batch == 0 ? records.count : batch
        let clock = ContinuousClock()
        var failures = 0
        let elapsed = await clock.measure {
            if chunk >= records.count {
                for result in await producer.send(records) {
                    if case .failure = result { failures += 1 }
                }
                return
            }
            var start = 0
            while start < records.count {
                let end = min(start + chunk, records.count)
                for result in await producer.send(Array(records[start..<end])) {
                    if case .failure = result { failures += 1 }
                }
                start = end
            }
        }
        try await producer.close()
        guard failures == 0 else { throw BenchFailure(description: "swift produce: \(failures) delivery failures") }
        return elapsed
    }

    /// Consumes the topic with a new group and returns the time from the first message to the
    /// last; fails unless exactly `setup.messages` arrive.
    static func consume(_ setup: BenchSetup, topic: String, group: String) async throws -> Duration {
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(bootstrapServers: setup.bootstrap, clientID: "bench-swift"),
            groupID: group
        )
        try consumer.subscribe(topics: [topic])
        let clock = ContinuousClock()
        var first: ContinuousClock.Instant?
        var count = 0
        var bytes = 0
        let deadline = clock.now + .seconds(120)
        while count < setup.messages, clock.now < deadline {
            for event in try await consumer.poll(maxMessages: 1_000, timeout: .milliseconds(100)) {
                guard case .message(let message) = event else { continue }
                if first == nil { first = clock.now }
                count += 1
                bytes += message.value?.count ?? 0
            }
        }
        let end = clock.now
        try await consumer.close()
        guard count == setup.messages, let first, bytes == count * setup.payloadSize else {
            throw BenchFailure(description: "swift consume: \(count) of \(setup.messages) messages")
        }
        return end - first
    }
}
