import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonRuntime

/// `liaison-bench engine`: how big a case state is and how long one engine step takes
/// (decode state + apply one event + encode state), the daemon's per-event hot path.
struct EngineBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Measure case-state size and decode + apply + encode latency (build with -c release)."
    )

    @Option(help: "Directory of workflow files (calendars in <dir>/calendars/).")
    var workflows: String = "Workflows"

    @Option(help: "Iterations per measured step.")
    var iterations: Int = 20_000

    func run() throws {
        let table = ResultTable()
        try measure(into: table)
        table.print()
    }

    /// Measures and adds the engine rows to `table` (also used by `liaison-bench all`).
    func measure(into table: ResultTable) throws {
        let engine = Engine(catalog: try loadCatalog())
        let parties = ["tax", "social-security", "public-security", "housing", "fire-safety"]
        let start = Timestamp(rfc3339: "2026-03-02T01:30:00Z")!
        let open = CloudEvent(id: "open", unit: "service-window", type: .caseOpened, caseID: "QY-2026-000187", time: start,
                              data: .object([("matter", "enterprise-establishment"), ("title", "某某科技有限公司设立登记"),
                                             ("collaborators", .array(parties.map(JSONValue.string)))]))
        guard var state = engine.apply(.event(open), to: nil, now: start).state else {
            throw ValidationError("the enterprise-establishment workflow did not open a case")
        }
        // A realistic mid-case state: two units accepted, one completed.
        let later = start.adding(milliseconds: 3_600_000)
        for (n, unit) in ["tax", "social-security"].enumerated() {
            let accept = CloudEvent(id: "a\(n)", unit: unit, type: .taskAccepted, caseID: state.caseID, time: later)
            state = engine.apply(.event(accept), to: state, now: later).state ?? state
        }
        let done = CloudEvent(id: "c0", unit: "tax", type: .taskCompleted, caseID: state.caseID, time: later, data: .object([("outcome", "approved")]))
        state = engine.apply(.event(done), to: state, now: later).state ?? state
        let bytes = state.encoded()
        say("state: \(parties.count) parties, \(state.tasks.count) tasks, \(state.tasks.reduce(0) { $0 + $1.timers.count }) pending marks → \(bytes.count) bytes (target ≤ 2048)")
        table.add("case state size (bytes, 5 parties)", value: Double(bytes.count), goal: "≤ 2048", met: bytes.count <= 2_048, unit: "B")

        let accept = CloudEvent(id: "bench-accept", unit: "public-security", type: .taskAccepted, caseID: state.caseID, time: later)
        let complete = CloudEvent(id: "bench-complete", unit: "social-security", type: .taskCompleted, caseID: state.caseID, time: later,
                                  data: .object([("outcome", "approved"), ("opinion", "同意")]))
        let timerID = state.pendingTimers.first!.id
        let timerDue = state.pendingTimers.first!.due
        for (name, input) in [("accept", EngineInput.event(accept)), ("complete", .event(complete)), ("timer", .timer(id: timerID, due: timerDue))] {
            let micros = try measure(engine: engine, bytes: bytes, input: input, now: later)
            say("decode + apply(\(name)) + encode: median \(format(micros.median)) µs, p99 \(format(micros.p99)) µs (goal ≤ 10 µs)")
            table.add("engine decode+apply(\(name))+encode (µs, median)", value: micros.median, goal: "≤ 10 µs", met: micros.median <= 10, unit: "µs")
        }
    }

    private func measure(engine: Engine, bytes: [UInt8], input: EngineInput, now: Timestamp) throws -> (median: Double, p99: Double) {
        let clock = ContinuousClock()
        var samples: [Double] = []
        let batch = 100
        var sink = 0
        for _ in 0..<max(1, iterations / batch) {
            let elapsed = try clock.measure {
                for _ in 0..<batch {
                    let state = try CaseState(decoding: bytes)
                    let transition = engine.apply(input, to: state, now: now)
                    sink &+= (transition.state ?? state).encoded().count &+ transition.outputs.reduce(0) { $0 &+ $1.value.count }
                }
            }
            let (seconds, attoseconds) = elapsed.components
            samples.append((Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(batch))
        }
        guard sink > 0 else { throw ValidationError("benchmark produced nothing") }
        samples.sort()
        return (samples[samples.count / 2], samples[min(samples.count - 1, samples.count * 99 / 100)])
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private func loadCatalog() throws -> WorkflowCatalog {
        try WorkflowFiles.catalog([workflows])
    }
}
