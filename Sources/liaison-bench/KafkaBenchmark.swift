import ArgumentParser
import Foundation
import LiaisonKafka

/// `liaison-bench kafka`: produce and consume throughput of LiaisonKafka against loops that
/// call librdkafka's C API directly, in the same process, against the same mock cluster.
struct KafkaBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produce/consume throughput: LiaisonKafka versus raw librdkafka.",
        discussion: """
            Each run produces --messages records of 200 bytes with the idempotent producer to \
            a fresh topic, then consumes them back with a consumer group; raw and Swift runs \
            alternate. Consume time counts from the first message received to the last, so \
            that the group join (about 3 s on the mock) is left out on both sides.
            """
    )

    @Option(help: "Records per run and side.")
    var messages: Int = 200_000

    @Option(help: "Runs per side; the median is reported.")
    var runs: Int = 5

    @Option(help: "Partitions per topic (raised automatically to stay under the mock's 5 MiB per partition).")
    var partitions: Int32 = 16

    @Option(help: "Records per send() call of the Swift producer (0 = all in one call).")
    var batch: Int = 0

    func validate() throws {
        guard messages > 0, runs > 0, partitions > 0, batch >= 0 else {
            throw ValidationError("--messages, --runs and --partitions must be positive; --batch must not be negative")
        }
    }

    func run() async throws {
        let needed = Int32((messages * 300) / (4 << 20) + 1)
        let partitionCount = max(partitions, needed)
        let cluster = try MockCluster(brokers: 1)
        let setup = BenchSetup(bootstrap: cluster.bootstrapServers, messages: messages, partitions: partitionCount, payloadSize: 200)
        print("liaison-bench kafka: \(messages) messages of \(setup.payloadSize) B, \(partitionCount) partitions, \(runs) runs, idempotent producer")
        var raw = Figures()
        var swift = Figures()
        for run in 1...runs {
            let rawTopic = "bench-raw-\(run)"
            let swiftTopic = "bench-swift-\(run)"
            try cluster.createTopic(rawTopic, partitions: partitionCount, replicationFactor: 1)
            try cluster.createTopic(swiftTopic, partitions: partitionCount, replicationFactor: 1)

            let rawProduce = try RawKafkaLoops.produce(setup, topic: rawTopic)
            let swiftProduce = try await SwiftKafkaLoops.produce(setup, topic: swiftTopic, batch: batch)
            let rawConsume = try RawKafkaLoops.consume(setup, topic: rawTopic, group: "raw-\(run)")
            let swiftConsume = try await SwiftKafkaLoops.consume(setup, topic: swiftTopic, group: "swift-\(run)")

            raw.add(produce: rawProduce, consume: rawConsume, messages: messages)
            swift.add(produce: swiftProduce, consume: swiftConsume, messages: messages)
            print(String(
                format: "run %d: produce raw %.0f swift %.0f msg/s | consume raw %.0f swift %.0f msg/s",
                run, raw.produce.last!, swift.produce.last!, raw.consume.last!, swift.consume.last!
            ))
        }
        let produceRatio = swift.median(\.produce) / raw.median(\.produce)
        let consumeRatio = swift.median(\.consume) / raw.median(\.consume)
        print(String(format: "produce: raw %.0f msg/s, swift %.0f msg/s, ratio %.2f", raw.median(\.produce), swift.median(\.produce), produceRatio))
        print(String(format: "consume: raw %.0f msg/s, swift %.0f msg/s, ratio %.2f", raw.median(\.consume), swift.median(\.consume), consumeRatio))
    }
}

/// What both sides of a run share.
struct BenchSetup: Sendable {
    let bootstrap: String
    let messages: Int
    let partitions: Int32
    let payloadSize: Int
}

/// Throughputs (messages per second) of every run of one side.
struct Figures {
    var produce: [Double] = []
    var consume: [Double] = []

    mutating func add(produce produceTime: Duration, consume consumeTime: Duration, messages: Int) {
        produce.append(Double(messages) / produceTime.seconds)
        consume.append(Double(messages) / consumeTime.seconds)
    }

    func median(_ values: KeyPath<Figures, [Double]>) -> Double {
        let sorted = self[keyPath: values].sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// A benchmark that could not complete (lost messages, delivery errors).
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
