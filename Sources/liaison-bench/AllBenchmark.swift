import Foundation
import ArgumentParser

/// `liaison-bench all`: every end-to-end figure of issue 6 in one run, on one machine, with one
/// table at the end (engine, full path, latency, timers, memory, restart).
struct AllBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Engine, full-path throughput and latency, timers, memory and restart; one table at the end."
    )

    @Flag(help: "Fewer events and cases, same code paths (a minute or two).")
    var quick = false

    @Option(help: "The liaison executable (default: next to liaison-bench).")
    var liaison: String?

    @Option(help: "Directory of workflow files for the engine figures.")
    var workflows = "Workflows"

    func run() async throws {
        let table = ResultTable()
        var engine = EngineBenchmark()
        engine.workflows = workflows
        engine.iterations = quick ? 5_000 : 20_000
        try engine.measure(into: table)

        var pipeline = try PipelineOptions.parse([])
        pipeline.quick = quick
        try await PipelineBenchmark.measure(pipeline, into: table)

        var timers = try TimerOptions.parse([])
        timers.quick = quick
        timers.liaison = liaison
        try await TimersBenchmark.measure(timers, fullPathRate: table.fullPathRate, into: table)
        table.print()
    }
}
