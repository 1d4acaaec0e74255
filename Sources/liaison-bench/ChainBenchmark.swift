import ArgumentParser
import Foundation
import LiaisonKafka

/// `liaison-bench chain`: what the audit chain costs: full-path events/s of the daemon with the
/// history hash-chained (and outputs stamped, checkpoints signed) versus without the chain.
struct ChainBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "Full-path events/s with the audit chain on versus off (goal: on/off ≥ 0.9).",
        discussion: """
            The pipeline benchmark's daemon runs (--cases cases, 3 events each, as fast as the \\
            producer takes them), alternating chain on and off so that both see the same \\
            machine; medians are reported. Off leaves the history unchained (no hashes, no \\
            chain headers); it exists only here.
            """
    )

    @OptionGroup var options: PipelineOptions

    func run() async throws {
        let table = ResultTable()
        let cases = options.quick ? 3_000 : options.cases
        let runs = options.quick ? 2 : options.runs
        let directory = NSTemporaryDirectory() + "liaison-bench-chain-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cluster = try MockCluster(brokers: 1)
        var on = DaemonPipeline(cluster: cluster, catalog: try BenchWorkload.catalog(), directory: directory)
        on.chained = true
        var off = on
        off.chained = false
        say("chain: \(cases) cases × 3 events, \(runs) runs per side")
        var onRates: [Double] = []
        var offRates: [Double] = []
        for run in 1...runs {
            offRates.append(try await off.run(name: "off\(run)", cases: cases, rate: nil, latency: nil).eventsPerSecond)
            onRates.append(try await on.run(name: "on\(run)", cases: cases, rate: nil, latency: nil).eventsPerSecond)
            say(String(format: "  run %d: chain off %.0f events/s, on %.0f events/s", run, offRates.last!, onRates.last!))
        }
        let onRate = PipelineBenchmark.median(onRates)
        let offRate = PipelineBenchmark.median(offRates)
        table.add("audit chain on (events/s, median of \(runs)) vs off", value: onRate, baseline: offRate, goal: "ratio ≥ 0.9",
                  met: onRate / offRate >= 0.9, unit: "ev/s")
        table.print()
    }
}
