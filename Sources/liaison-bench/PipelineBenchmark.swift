import ArgumentParser
import Foundation
import LiaisonKafka

/// `liaison-bench pipeline`: full-path throughput and event-to-output latency of the daemon
/// against a raw librdkafka consume → produce → commit loop, on one mock cluster, in one run.
struct PipelineBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Full-path events/s and latency: the daemon in-process versus a raw librdkafka loop.",
        discussion: """
            Throughput: each run sends --cases cases (open, accept, complete: 3 events each) as \
            fast as the producer takes them and times from the first send to the last output \
            acknowledged (daemon) or the last offset commit (raw). Raw and daemon runs alternate; \
            medians are reported. Latency: both sides again, paced at half the daemon's median \
            rate, recorded in HdrHistograms.
            """
    )

    @OptionGroup var options: PipelineOptions

    func run() async throws {
        let table = ResultTable()
        try await Self.measure(options, into: table)
        table.print()
    }

    /// Runs the benchmark and adds its rows to `table`.
    static func measure(_ options: PipelineOptions, into table: ResultTable) async throws {
        let cases = options.quick ? 3_000 : options.cases
        let runs = options.quick ? 2 : options.runs
        let directory = NSTemporaryDirectory() + "liaison-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cluster = try MockCluster(brokers: 1)
        var daemon = DaemonPipeline(cluster: cluster, catalog: try BenchWorkload.catalog(), directory: directory)
        daemon.direct = options.oneHop
        let raw = RawPipelineRun(cluster: cluster)
        say("pipeline: \(cases) cases × 3 events, \(runs) runs per side\(options.oneHop ? ", the daemon reading its keyed topic in one hop" : "")")
        var rawRates: [Double] = []
        var daemonRates: [Double] = []
        var outputsPerEvent = 0.0
        for run in 1...runs {
            rawRates.append(try await raw.run(name: "t\(run)", cases: cases, rate: nil, latency: nil))
            let figures = try await daemon.run(name: "t\(run)", cases: cases, rate: nil, latency: nil)
            daemonRates.append(figures.eventsPerSecond)
            outputsPerEvent = Double(figures.outputs) / Double(cases * 3)
            say(String(format: "  run %d: raw %.0f events/s, daemon %.0f events/s (%d batches, commit %.1f ms each, %.2f outputs/event)",
                         run, rawRates.last!, figures.eventsPerSecond, figures.batches, figures.commitMillis, outputsPerEvent))
        }
        let rawRate = median(rawRates)
        let daemonRate = median(daemonRates)
        table.add("full path (events/s, median of \(runs))", value: daemonRate, baseline: rawRate, goal: "ratio ≥ 0.33 (0.5)",
                  met: daemonRate / rawRate >= 0.33, unit: "ev/s")
        table.fullPathRate = daemonRate

        let rate = daemonRate / 2
        let latencyCases = max(500, Int(rate * (options.quick ? 5 : 20) / 3))
        say(String(format: "latency: %d cases paced at %.0f events/s on both sides", latencyCases, rate))
        let rawLatency = LatencyRecorder()
        let daemonLatency = LatencyRecorder()
        _ = try await raw.run(name: "l", cases: latencyCases, rate: rate, latency: rawLatency)
        let paced = try await daemon.run(name: "l", cases: latencyCases, rate: rate, latency: daemonLatency)
        say(String(format: "  paced daemon run: %d batches, commit %.1f ms each", paced.batches, paced.commitMillis))
        for (label, percentile) in [("p50", 50.0), ("p99", 99.0), ("p99.9", 99.9)] {
            let ours = daemonLatency.milliseconds(at: percentile)
            let theirs = rawLatency.milliseconds(at: percentile)
            table.add("event→output \(label) (ms)", value: ours, baseline: theirs,
                      goal: label == "p99" ? "≤ raw + 10 ms" : "", met: label == "p99" ? ours <= theirs + 10 : nil, unit: "ms")
        }
        say("  latency samples: daemon \(daemonLatency.count) outputs (\(daemonLatency.ambiguous) ambiguous), raw \(rawLatency.count)")
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Options of the pipeline benchmark, shared with `all`.
struct PipelineOptions: ParsableArguments {
    @Flag(help: "Under a minute: 3,000 cases, 2 runs, 5 s of latency (same code paths).")
    var quick = false

    @Option(help: "Cases per throughput run (3 events each).")
    var cases = 30_000

    @Option(help: "Throughput runs per side; the median is reported.")
    var runs = 3

    @Flag(help: "Declare the load's topic keyed by case id, so the daemon reads it in one hop (no router, no inbound topic).")
    var oneHop = false
}
