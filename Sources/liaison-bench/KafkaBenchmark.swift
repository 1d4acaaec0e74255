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
            Each run starts a fresh mock cluster, produces --messages records of 200 bytes with \
            the idempotent producer to one topic per side, then consumes them back as a \
            consumer-group member that starts every partition at offset 0 (raw: in its rebalance \
            callback; Swift: through the start-offset provider). Both sides read every payload \
            (a byte sum checked at the end). Consume time counts from the 10% mark to the last \
            message, leaving out the group join and partition start-up. Both consumers may \
            prefetch the whole topic (queued.min.messages, queued.max.messages.kbytes raised): \
            otherwise librdkafka pauses fetching for about a second whenever its local queue \
            passes 100,000 messages, and the figures measure that pause instead of the \
            consumer. Sides alternate which goes first.
            """
    )

    @Option(help: "Records per run and side.")
    var messages: Int = 500_000

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
        print("liaison-bench kafka: \(messages) messages of 200 B, \(partitionCount) partitions, \(runs) runs, idempotent producer")
        var raw = Figures()
        var swift = Figures()
        for run in 1...runs {
            // A fresh cluster per run keeps the mock's memory bounded.
            let cluster = try MockCluster(brokers: 1)
            let setup = BenchSetup(bootstrap: cluster.bootstrapServers, messages: messages, partitions: partitionCount, payloadSize: 200)
            let rawTopic = "bench-raw-\(run)"
            let swiftTopic = "bench-swift-\(run)"
            try cluster.createTopic(rawTopic, partitions: partitionCount, replicationFactor: 1)
            try cluster.createTopic(swiftTopic, partitions: partitionCount, replicationFactor: 1)

            var rawProduce = Duration.zero, swiftProduce = Duration.zero
            var rawConsume = Duration.zero, swiftConsume = Duration.zero
            if run % 2 == 1 {
                rawProduce = try RawKafkaLoops.produce(setup, topic: rawTopic)
                swiftProduce = try await SwiftKafkaLoops.produce(setup, topic: swiftTopic, batch: batch)
                rawConsume = try RawKafkaLoops.consume(setup, topic: rawTopic, group: "raw-\(run)")
                swiftConsume = try await SwiftKafkaLoops.consume(setup, topic: swiftTopic, group: "swift-\(run)")
            } else {
                swiftProduce = try await SwiftKafkaLoops.produce(setup, topic: swiftTopic, batch: batch)
                rawProduce = try RawKafkaLoops.produce(setup, topic: rawTopic)
                swiftConsume = try await SwiftKafkaLoops.consume(setup, topic: swiftTopic, group: "swift-\(run)")
                rawConsume = try RawKafkaLoops.consume(setup, topic: rawTopic, group: "raw-\(run)")
            }

            raw.add(produce: rawProduce, consume: rawConsume, setup: setup)
            swift.add(produce: swiftProduce, consume: swiftConsume, setup: setup)
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

    /// Consumer properties shared by both sides: room to prefetch the whole topic.
    static let consumerProperties: [(String, String)] = [
        ("queued.min.messages", "10000000"), ("queued.max.messages.kbytes", "2097151"),
    ]

    /// Consumed messages before the consume clock starts.
    var warmUp: Int { max(1, messages / 10) }

    /// Every payload byte is `payloadByte`.
    static let payloadByte: UInt8 = 0x61

    /// The byte sum of all payloads, which each consume loop must reproduce.
    var expectedChecksum: Int { messages * payloadSize * Int(Self.payloadByte) }
}

/// Throughputs (messages per second) of every run of one side.
struct Figures {
    var produce: [Double] = []
    var consume: [Double] = []

    mutating func add(produce produceTime: Duration, consume consumeTime: Duration, setup: BenchSetup) {
        produce.append(Double(setup.messages) / produceTime.seconds)
        consume.append(Double(setup.messages - setup.warmUp) / consumeTime.seconds)
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
