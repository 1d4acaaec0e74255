import LiaisonKafka

/// The Swift side of the benchmark: LiaisonKafka's producer and consumer as the daemon uses them.
enum SwiftKafkaLoops {
    /// Sends `setup.messages` records (built before the clock starts, sharing one payload) and
    /// returns the time until the last delivery report.
    static func produce(_ setup: BenchSetup, topic: String, batch: Int) async throws -> Duration {
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: setup.bootstrap, clientID: "bench-swift"))
        let payload = [UInt8](repeating: BenchSetup.payloadByte, count: setup.payloadSize)
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

    /// Consumes the topic with a new group and returns the time from the end of the warm-up
    /// to the last message; fails unless exactly `setup.messages` arrive intact.
    static func consume(_ setup: BenchSetup, topic: String, group: String) async throws -> Duration {
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(
                bootstrapServers: setup.bootstrap, clientID: "bench-swift",
                properties: Dictionary(uniqueKeysWithValues: BenchSetup.consumerProperties)
            ),
            groupID: group,
            startOffsets: { partitions in Dictionary(uniqueKeysWithValues: partitions.map { ($0, 0) }) }
        )
        try consumer.subscribe(topics: [topic])
        let clock = ContinuousClock()
        var start: ContinuousClock.Instant?
        var count = 0
        var checksum = 0
        let deadline = clock.now + .seconds(120)
        while count < setup.messages, clock.now < deadline {
            for event in try await consumer.poll(maxMessages: 1_000, timeout: .milliseconds(100)) {
                guard case .message(let message) = event else { continue }
                count += 1
                if count == setup.warmUp { start = clock.now }
                checksum &+= message.value?.reduce(0) { $0 &+ Int($1) } ?? 0
            }
        }
        let end = clock.now
        try await consumer.close()
        guard count == setup.messages, let start, checksum == setup.expectedChecksum else {
            throw BenchFailure(description: "swift consume: \(count) of \(setup.messages) messages")
        }
        return end - start
    }
}
