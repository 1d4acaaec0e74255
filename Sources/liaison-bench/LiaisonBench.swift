import ArgumentParser

/// `liaison-bench`: throughput benchmarks of Liaison's layers, one verb per layer.
/// Run in release mode: `swift run -c release liaison-bench <verb>`.
@main
struct LiaisonBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liaison-bench",
        abstract: "Measure the throughput of Liaison's layers against their raw baselines.",
        subcommands: [AllBenchmark.self, ScenarioBenchmark.self, PipelineBenchmark.self, ChainBenchmark.self, TimersBenchmark.self,
                      SoakBenchmark.self, ScaleBenchmark.self, EngineBenchmark.self, KafkaBenchmark.self]
    )
}
