import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonKafka

/// `liaison-bench timers`: a child `liaison run` daemon on a store of many open cases with
/// pending deadlines — its memory, a storm of deadlines falling due in one second, steady
/// lateness, and the time to get ready again after `kill -9`.
struct TimersBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timers",
        abstract: "Timers and restart with many open cases: memory, storm firing rate, lateness, start after kill -9.",
        discussion: """
            The store is filled directly (states and timers as the processor commits them), then \
            `liaison run` starts as a child process against this process's mock cluster. \
            Background cases fall due an hour later; --steady cases fall due evenly over 10 s, \
            then --storm cases within one second. Lateness is measured from outside: the first \
            output of each case read back from the output topics, minus its deadline.
            """
    )

    @OptionGroup var options: TimerOptions

    func run() async throws {
        let table = ResultTable()
        try await Self.measure(options, fullPathRate: nil, into: table)
        table.print()
    }

    static func measure(_ options: TimerOptions, fullPathRate: Double?, into table: ResultTable) async throws {
        let total = options.quick ? 50_000 : options.cases
        let storm = options.quick ? 5_000 : options.storm
        let steady = options.quick ? 200 : 500
        var setup = try TimerSetup(liaison: options.liaisonExecutable(), storm: storm)
        setup.staticMembership = options.staticMembership
        defer { setup.cleanUp() }
        say("timers: \(total) open cases, \(steady) due evenly over \(options.quick ? 5 : 10) s, then \(storm) due within one second")

        // The daemon's own footprint, on an empty store.
        let empty = try setup.child(store: "empty", group: "bench-empty", name: "empty")
        try empty.start()
        _ = try await empty.secondsUntilLog(contains: TimerSetup.ready, timeout: .seconds(120))
        try await Task.sleep(for: .seconds(2))
        let emptyMemory = empty.memory()
        empty.stop(SIGTERM)

        // Fill: background cases an hour out, then the steady and storm cases.
        let fillStart = ContinuousClock.now
        let engine = Engine(catalog: try BenchWorkload.catalog())
        let filler = StoreFiller(engine: engine, path: setup.storePath("main"), partitions: TimerSetup.inboundPartitions)
        let background = 1..<(total - storm - steady + 1)
        let hourLater = BenchWorkload.nowMillis() + 3_600_000
        try filler.fill(background) { _ in hourLater }
        let offset = try Self.firstDeadlineOffset(engine: engine)
        // Time for the daemon to start before the first deadline, and the steady window.
        let margin: Int64 = options.quick ? 12_000 : 40_000
        let steadySpan: Int64 = options.quick ? 5_000 : 10_000
        let steadyStart = BenchWorkload.nowMillis() + margin
        let stormStart = steadyStart + steadySpan + 3_000
        let steadyCases = background.upperBound..<(background.upperBound + steady)
        let stormCases = steadyCases.upperBound..<(steadyCases.upperBound + storm)
        var dues: [Int: Int64] = [:]
        for index in steadyCases { dues[index] = steadyStart + Int64(index - steadyCases.lowerBound) * steadySpan / Int64(steady) }
        for index in stormCases { dues[index] = stormStart + Int64(index - stormCases.lowerBound) % 1_000 }
        try filler.fill(steadyCases.lowerBound..<stormCases.upperBound) { dues[$0]! - offset }
        let fillSeconds = (ContinuousClock.now - fillStart).seconds
        say(String(format: "  filled %d cases in %.1f s", total, fillSeconds))

        let observer = try TimerObserver(bootstrap: setup.cluster.bootstrapServers, topics: setup.outputTopics, dues: dues)
        let observing = Task { await observer.run() }
        defer { observing.cancel() }
        let daemon = try setup.child(store: "main", group: "bench-main", name: "main-1")
        try daemon.start()
        let coldStart = try await daemon.secondsUntilLog(contains: TimerSetup.ready, timeout: .seconds(120))
        try await Task.sleep(for: .seconds(2))
        let loadedMemory = daemon.memory()
        say(String(format: "  cold start on %d cases: ready in %.2f s; RSS %.0f MiB (empty store: %.0f MiB)",
                     total, coldStart, loadedMemory.rss, emptyMemory.rss))
        guard BenchWorkload.nowMillis() < steadyStart else {
            throw BenchFailure(description: "the daemon became ready after the first deadlines; raise the start margin")
        }
        try await waitFor(observer, stormCases, until: stormStart + 180_000)
        let steadyLateness = observer.lateness(steadyCases)
        let stormLateness = observer.lateness(stormCases)
        let afterMemory = daemon.memory()
        let stormRate = Double(observer.arrived(stormCases)) / (Double(stormLateness.last - stormStart) / 1_000)
        guard observer.arrived(steadyCases) == steady, observer.arrived(stormCases) == storm else {
            throw BenchFailure(description: "timers: \(observer.arrived(steadyCases)) of \(steady) steady and \(observer.arrived(stormCases)) of \(storm) storm cases had an output")
        }

        // kill -9 with every case still in the store, then start again.
        daemon.stop(SIGKILL)
        let restarted = try setup.child(store: "main", group: "bench-main", name: "main-2")
        try restarted.start()
        let storeOpen = try await restarted.secondsUntilLog(contains: ["liaison running"], timeout: .seconds(120))
        let ready = try await restarted.secondsUntilLog(contains: TimerSetup.ready, timeout: .seconds(120))
        restarted.stop(SIGTERM)

        let growth = afterMemory.peak - emptyMemory.rss
        table.add("RSS growth, \(total) open cases (MiB, peak − empty)", value: growth, goal: "≤ 300 MB", met: growth <= 286, unit: "MiB")
        table.add("storm: \(storm) cases due in 1 s (cases fired/s)", value: stormRate, baseline: fullPathRate,
                  goal: "≥ 0.8 × full path", met: fullPathRate.map { stormRate >= 0.8 * $0 }, unit: "/s")
        table.add("storm lateness p99 (ms, due → output produced)", value: stormLateness.sent.milliseconds(at: 99), goal: "≤ 1000 ms",
                  met: stormLateness.sent.milliseconds(at: 99) <= 1_000, unit: "ms")
        table.add("steady lateness p99 (ms, \(Int64(steady) * 1_000 / steadySpan)/s, due → produced)", value: steadyLateness.sent.milliseconds(at: 99), goal: "≤ 50 ms",
                  met: steadyLateness.sent.milliseconds(at: 99) <= 50, unit: "ms")
        table.add("restart after kill -9: store open (s)", value: storeOpen, goal: "", met: nil, unit: "s")
        table.add("restart after kill -9: ready (s)", value: ready, goal: "≤ 5 s", met: ready <= 5, unit: "s")
        say(String(format: "  as read downstream: storm p99 %.0f ms, steady p99 %.0f ms", stormLateness.received.milliseconds(at: 99),
                     steadyLateness.received.milliseconds(at: 99)))
        say(String(format: "  storm: p50 %.0f ms, p99 %.0f ms, max %.0f ms; steady: p50 %.0f ms, p99 %.0f ms; RSS peak %.0f MiB; cold start %.2f s",
                     stormLateness.sent.milliseconds(at: 50), stormLateness.sent.milliseconds(at: 99),
                     stormLateness.sent.milliseconds(at: 100), steadyLateness.sent.milliseconds(at: 50),
                     steadyLateness.sent.milliseconds(at: 99), afterMemory.peak, coldStart))
    }

    /// Milliseconds from a case's opening to its first deadline, read off one opening.
    private static func firstDeadlineOffset(engine: Engine) throws -> Int64 {
        let at = Timestamp(milliseconds: BenchWorkload.nowMillis())
        let event = CloudEvent(id: "probe", unit: BenchWorkload.opener, type: .caseOpened, caseID: "BENCH-0", time: at,
                               data: .object([("matter", "bench"), ("title", "probe")]))
        guard let first = engine.apply(.event(event), to: nil, now: at).schedule.map(\.due.milliseconds).min() else {
            throw BenchFailure(description: "the bench workflow arms no timer")
        }
        return first - at.milliseconds
    }

    private static func waitFor(_ observer: TimerObserver, _ cases: Range<Int>, until deadline: Int64) async throws {
        while observer.arrived(cases) < cases.count, BenchWorkload.nowMillis() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// Options of the timer benchmark, shared with `all`.
struct TimerOptions: ParsableArguments {
    @Flag(help: "Under a minute: 50,000 cases, 200 due over 5 s, a storm of 5,000 (same code paths).")
    var quick = false

    @Option(help: "Open cases in the store.")
    var cases = 1_000_000

    @Option(help: "Deadlines falling due within the same second.")
    var storm = 100_000

    @Option(help: "The liaison executable (default: next to liaison-bench).")
    var liaison: String?

    @Flag(help: "Run the daemons with a group.instance.id (static group membership).")
    var staticMembership = false

    func liaisonExecutable() -> String {
        liaison ?? (URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/liaison")
    }
}
