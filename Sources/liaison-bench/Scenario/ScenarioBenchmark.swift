import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonStore

/// `liaison-bench scenario`: the daemon on a realistic joint-task stream, against a raw
/// consume → produce copy (the ceiling, as `kcat` does it) and a raw at-least-once loop, all on
/// one mock cluster in one run; with the daemon's CPU per event and memory from /proc.
struct ScenarioBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Events/s and CPU per event of the daemon on a joint-task stream, against raw loops.",
        discussion: """
            The stream: --cases joint cases (7 CloudEvents each, binary mode, ~215 bytes, keyed \
            by case id) on one department topic of 12 partitions; each opened by the service \
            window with three collaborators that accept and complete at staggered event times, \
            so their follow-ups interleave. Each side first gets one record (group joins and \
            warm-up), then the rest as fast as the producer takes them, timed from that send \
            to the last output seen on the output topics. The daemon runs as a child process \
            (`liaison run`), so its CPU time and memory are its own. Every event must be \
            applied once and every expected output (from replaying the stream through the \
            engine) published, or the run fails.
            """
    )

    @Flag(help: "Under a minute: 2,000 cases.")
    var quick = false

    @Option(help: "Joint cases in the stream (7 events each).")
    var cases = 15_000

    @Option(help: "The liaison executable (default: next to liaison-bench).")
    var liaison: String?

    @Option(help: "Extra configuration lines for the daemon's `processing:` section, e.g. 'batch_max_events: 2000'.")
    var processing: [String] = []

    @Option(help: ArgumentHelp("How the daemon reads the stream: 1 (the topic declared keyed_by_case, read directly), 2 (through the router and liaison.inbound) or both, each on a cluster of its own.",
                               discussion: "Builds from before keyed_by_case existed need --hops 2."))
    var hops: Hops = .both

    enum Hops: String, ExpressibleByArgument, Sendable {
        case one = "1", two = "2", both

        var runs: [Bool] {
            switch self {
            case .one: [true]
            case .two: [false]
            case .both: [false, true]
            }
        }
    }

    @Option(help: "Also run the daemon on this PostgreSQL database (postgres://USER@HOST:PORT/DB, empty) and compare it with SQLite.")
    var postgres: String?

    func run() async throws {
        let table = ResultTable()
        try await measure(into: table)
        table.print()
    }

    func measure(into table: ResultTable) async throws {
        let count = quick ? 2_000 : cases
        let executable = liaison ?? (URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/liaison")
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchFailure(description: "no liaison executable at \(executable): run `swift build -c release --product liaison` first")
        }
        let now = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        let stream = ScenarioStream(cases: count, start: now.adding(milliseconds: -4 * 86_400_000))
        let expected = try stream.expected()
        say("scenario: \(count) cases, \(stream.events.count) events, \(expected.outputs) outputs expected")
        let scene = try ScenarioScene(records: stream.events.count, outputs: expected.outputs)
        defer { scene.cleanUp() }

        let copy = try await scene.raw(stream, copy: true)
        say(String(format: "  raw copy (kcat-like): %.0f events/s", copy))
        let loop = try await scene.raw(stream, copy: false)
        say(String(format: "  raw at-least-once loop: %.0f events/s", loop))
        var daemon: ScenarioScene.DaemonFigures?
        var twoHops: ScenarioScene.DaemonFigures?
        for direct in hops.runs {
            // A cluster of its own for a second daemon: the first one's outputs hold every output id.
            let extra = daemon != nil
            let own = extra ? try ScenarioScene(records: stream.events.count, outputs: expected.outputs) : scene
            defer { if extra { own.cleanUp() } }
            let figures = try await own.daemon(stream, executable: executable, processing: processing, direct: direct, expected: expected)
            say(String(format: "  daemon, %@: %.0f events/s, %.1f µs CPU per event, RSS %.0f MiB (peak %.0f)",
                       direct ? "one hop" : "two hops", figures.eventsPerSecond, figures.cpuMicrosPerEvent, figures.rss, figures.peakRSS))
            if !direct { twoHops = figures }
            daemon = figures
        }
        guard let daemon else { return }
        let how = hops == .two ? "" : " (one hop)"
        table.add("scenario events/s vs raw copy\(how)", value: daemon.eventsPerSecond, baseline: copy, goal: "ratio ≥ 0.27 (0.5)",
                  met: daemon.eventsPerSecond / copy >= 0.27, unit: "ev/s")
        table.add("scenario events/s vs raw at-least-once loop\(how)", value: daemon.eventsPerSecond, baseline: loop, goal: "",
                  met: nil, unit: "ev/s")
        table.add("daemon CPU per event (µs)\(how)", value: daemon.cpuMicrosPerEvent, baseline: nil, goal: "≤ 30 µs",
                  met: daemon.cpuMicrosPerEvent <= 30, unit: "µs")
        table.add("daemon RSS after the stream (MiB)\(how)", value: daemon.rss, baseline: nil, goal: "", met: nil, unit: "MiB")
        if hops == .both, let twoHops {
            table.add("one hop events/s vs two hops", value: daemon.eventsPerSecond, baseline: twoHops.eventsPerSecond, goal: "",
                      met: nil, unit: "ev/s")
            table.add("CPU per event, one hop vs two hops (µs)", value: daemon.cpuMicrosPerEvent, baseline: twoHops.cpuMicrosPerEvent,
                      goal: "", met: nil, unit: "µs")
        }
        if let postgres {
            // A cluster of its own: the output topics of the first run already hold every output id.
            let second = try ScenarioScene(records: stream.events.count, outputs: expected.outputs)
            defer { second.cleanUp() }
            let shared = try await second.daemon(stream, executable: executable, processing: processing, storeURL: postgres, expected: expected)
            say(String(format: "  daemon on PostgreSQL: %.0f events/s, %.1f µs CPU per event (the daemon's own; PostgreSQL's not counted)",
                         shared.eventsPerSecond, shared.cpuMicrosPerEvent))
            table.add("PostgreSQL store events/s vs SQLite", value: shared.eventsPerSecond, baseline: daemon.eventsPerSecond,
                      goal: "", met: nil, unit: "ev/s")
            table.add("daemon CPU per event on PostgreSQL (µs)", value: shared.cpuMicrosPerEvent, baseline: nil, goal: "",
                      met: nil, unit: "µs")
        }
    }
}
