import ArgumentParser
import Foundation
import LiaisonCore

/// `liaison-bench scale`: the hot-path scenario on PostgreSQL with one instance, then with
/// several sharing the store and the consumer group, in one run.
struct ScaleBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Events/s of several instances against one, on one PostgreSQL store, with each instance's CPU.",
        discussion: """
            The stream of `liaison-bench scenario`, twice, each on a mock cluster and a \
            PostgreSQL database of its own: once through one `liaison run`, once through \
            --instances of them in one consumer group (timed after the group has settled). \
            --postgres names a server and a user that may create databases (e.g. \
            postgres://liaison@127.0.0.1:5432/postgres); two databases are created with psql. \
            On a machine with fewer cores than instances, the instances, PostgreSQL, the mock \
            cluster and the load generator share them: the per-instance CPU says where the time went.
            """
    )

    @Option(help: "A PostgreSQL server URL whose user may create databases.")
    var postgres: String

    @Option(help: "Joint cases in the stream (7 events each).")
    var cases = 4_000

    @Option(help: "Instances in the second run.")
    var instances = 3

    @Option(help: "The liaison executable (default: next to liaison-bench).")
    var liaison: String?

    func run() async throws {
        guard instances >= 2 else { throw ValidationError("--instances must be at least 2") }
        let executable = liaison ?? (URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/liaison")
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchFailure(description: "no liaison executable at \(executable): run `swift build -c release --product liaison` first")
        }
        let now = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        let stream = ScenarioStream(cases: cases, start: now.adding(milliseconds: -4 * 86_400_000))
        let expected = try stream.expected()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        say("scale: \(cases) cases, \(stream.events.count) events, \(expected.outputs) outputs; 1 instance, then \(instances); \(cores) cores")
        let table = ResultTable()

        let single = try await measure(stream, expected: expected, instances: 1, executable: executable)
        let several = try await measure(stream, expected: expected, instances: instances, executable: executable)
        table.add("\(instances) instances vs 1, events/s (PostgreSQL)", value: several.eventsPerSecond, baseline: single.eventsPerSecond,
                  goal: "≥ 2.5× where the instances are not starved", met: nil, unit: "ev/s")
        table.add("CPU per event, all instances together (µs)", value: several.cpuMicrosPerEvent, baseline: single.cpuMicrosPerEvent,
                  goal: "", met: nil, unit: "µs")
        table.print()
    }

    private func measure(_ stream: ScenarioStream, expected: (outputs: Int, closed: Int), instances: Int,
                         executable: String) async throws -> ScenarioScene.DaemonFigures {
        let database = try createDatabase(suffix: "\(instances)")
        let scene = try ScenarioScene(records: stream.events.count, outputs: expected.outputs)
        defer { scene.cleanUp() }
        let figures = try await scene.daemon(stream, executable: executable, processing: [], storeURL: database,
                                             instances: instances, expected: expected)
        let perInstance = figures.cpuSecondsPerInstance.map { String(format: "%.1f s", $0) }.joined(separator: ", ")
        say(String(format: "  %d instance%@: %.0f events/s, %.1f µs CPU per event in all; CPU per instance: %@",
                   instances, instances == 1 ? "" : "s", figures.eventsPerSecond, figures.cpuMicrosPerEvent, perInstance))
        return figures
    }

    /// Creates an empty database on the server and returns its URL.
    private func createDatabase(suffix: String) throws -> String {
        guard var components = URLComponents(string: postgres), components.scheme?.hasPrefix("postgres") == true else {
            throw ValidationError("--postgres is not a postgres:// URL")
        }
        let name = "liaison_bench_scale_\(getpid())_\(suffix)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = ["-q", "-v", "ON_ERROR_STOP=1", postgres, "-c", "CREATE DATABASE \(name)"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchFailure(description: "psql could not create database \(name) on \(postgres)") }
        components.path = "/" + name
        return components.string ?? postgres
    }
}
