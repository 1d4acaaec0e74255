import Foundation
import LiaisonKafka

/// One run of ``RawPipelineLoop`` on its own thread, fed by the same ``LoadGenerator`` as the
/// daemon, on its own topics of the shared mock cluster.
struct RawPipelineRun {
    let cluster: MockCluster

    /// Events per second from the first send to the last offset commit.
    func run(name: String, cases: Int, rate: Double?, latency: LatencyRecorder?) async throws -> Double {
        let input = "bench.raw-in.\(name)"
        let output = "bench.raw-out.\(name)"
        let partitions = BenchKafka.partitions(records: cases * 3, bytesPerRecord: 600)
        try cluster.createTopic(input, partitions: partitions)
        try cluster.createTopic(output, partitions: partitions)
        let sendTimes = SendTimes(events: (cases + 1) * 3)
        let progress = RawPipelineLoop.Progress()
        let setup = RawPipelineLoop.Setup(bootstrap: cluster.bootstrapServers, inputTopic: input, outputTopic: output,
                                          group: "bench-raw-\(name)", expected: cases * 3 + 1)
        async let finished: Int64 = Self.onThread { try RawPipelineLoop.run(setup, sendTimes: sendTimes, latency: latency, progress: progress) }
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, clientID: "bench-load",
                                                                           properties: BenchKafka.properties))
        let load = LoadGenerator(producer: producer, topic: input, cases: cases)
        try await load.sendWarmUp(sendTimes: sendTimes)
        let deadline = ContinuousClock.now + .seconds(90)
        while progress.consumed.load(ordering: .acquiring) < 1 {
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(2))
        }
        let first = try await load.sendAll(rate: rate, sendTimes: sendTimes)
        let end = try await finished
        try? await producer.close()
        return Double(load.events) / (Double(end - first) / 1e9)
    }

    /// Runs blocking C code on a thread of its own, off Swift's cooperative pool.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}
