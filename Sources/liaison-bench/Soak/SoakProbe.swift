import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime

/// Reads what the soak samples: the daemon's process from /proc, its store and outbox from
/// the admin server's `/metrics`.
struct SoakProbe {
    let child: ChildDaemon
    let storePath: String
    let metricsURL: URL
    /// Samples are timed from here: the start of the traffic.
    let start = ContinuousClock.now

    /// One sample.
    struct Sample {
        var minute: Double
        var rssMiB: Double
        var descriptors: Int
        var cpuSeconds: Double
        var storeBytes: Double
        var cases: Double
        var timersPending: Double
        var outboxDepth: Double
        var timersFired: Double
        var applied: Double

        static let header = " minute   RSS MiB   fds   CPU s   store MiB    cases   timers   outbox   fired    applied"

        var line: String {
            String(format: "%7.1f %9.1f %5d %7.1f %11.1f %8.0f %8.0f %8.0f %7.0f %10.0f", minute, rssMiB, descriptors, cpuSeconds,
                   storeBytes / 1_048_576, cases, timersPending, outboxDepth, timersFired, applied)
        }
    }

    init(child: ChildDaemon, storePath: String) throws {
        self.child = child
        self.storePath = storePath
        guard let line = child.log.split(separator: "\n").first(where: { $0.contains("admin server listening") }),
              let range = line.range(of: #"port=\d+"#, options: .regularExpression),
              let port = Int(line[range].dropFirst(5)) else {
            throw BenchFailure(description: "the daemon's log does not say where its admin server listens")
        }
        metricsURL = URL(string: "http://127.0.0.1:\(port)/metrics")!
    }

    func sample() async throws -> Sample {
        let metrics = try await exposition()
        let elapsed = ContinuousClock.now - start
        return Sample(minute: Double(elapsed.components.seconds) / 60, rssMiB: child.memory().rss, descriptors: child.openDescriptors(), cpuSeconds: child.cpuSeconds(),
                      storeBytes: metrics.sum("liaison_store_bytes"), cases: metrics.sum("liaison_cases_stored"),
                      timersPending: metrics.sum("liaison_timers_pending"), outboxDepth: metrics.sum("liaison_outbox_depth"),
                      timersFired: metrics.sum("liaison_timers_fired_total"),
                      applied: metrics.sum("liaison_events_total", where: "outcome=\"applied\""))
    }

    /// Waits until every event of `cases` cases was applied and the outbox is empty.
    func waitUntilSettled(cases: Int, timeout: Duration) async throws -> Sample {
        let deadline = ContinuousClock.now + timeout
        var last = try await sample()
        while ContinuousClock.now < deadline, Int(last.applied) < cases * 3 || last.outboxDepth > 0 {
            try await Task.sleep(for: .seconds(1))
            last = try await sample()
        }
        return last
    }

    private func exposition() async throws -> Exposition {
        let (data, response) = try await URLSession.shared.data(from: metricsURL)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw BenchFailure(description: "GET /metrics: \(response)") }
        return Exposition(text: String(decoding: data, as: UTF8.self))
    }

    /// A Prometheus text exposition, read just far enough to add up a series' samples.
    struct Exposition {
        let text: String

        /// The sum of every sample of `name` (across its labels) whose labels contain `label`.
        func sum(_ name: String, where label: String? = nil) -> Double {
            var total = 0.0
            for line in text.split(separator: "\n") where line.hasPrefix(name) && !line.hasPrefix("#") {
                let rest = line.dropFirst(name.count)
                guard rest.first == " " || rest.first == "{" else { continue }
                if let label, !rest.contains(label) { continue }
                if let value = line.split(separator: " ").last.flatMap({ Double($0) }) { total += value }
            }
            return total
        }
    }
}

/// The soak's pass/fail rules over its samples.
struct SoakVerdict {
    let samples: [SoakProbe.Sample]
    /// Minutes after which the memory baseline is taken.
    let warmUp: Double
    let cases: Int
    let lateCases: Int
    let ending: StoreEnding

    func check() throws {
        // Samples while traffic ran (the first is before it, the last after it stopped); the
        // first one past the warm-up is the memory baseline.
        let running = samples.dropFirst().dropLast()
        guard let final = samples.last, let baseline = running.first(where: { $0.minute >= warmUp }),
              running.filter({ $0.minute >= warmUp }).count >= 2 else {
            throw BenchFailure(description: "too few samples after the warm-up for a verdict")
        }
        let steady = running.filter { $0.minute >= warmUp }
        let peakRSS = steady.map(\.rssMiB).max()!
        let growth = peakRSS / baseline.rssMiB - 1
        let peakOutbox = running.map(\.outboxDepth).max()!
        let descriptors = running.map(\.descriptors)
        var failures: [String] = []
        say(String(format: "resident memory: %.1f MiB at minute %.1f (after %.0f min warm-up), peak %.1f MiB after it (%+.1f %%), %.1f MiB at the end",
                   baseline.rssMiB, baseline.minute, warmUp, peakRSS, growth * 100, final.rssMiB))
        say("open descriptors: \(descriptors.min()!)–\(descriptors.max()!); outbox depth at most \(Int(peakOutbox)), \(Int(final.outboxDepth)) at the end")
        say(String(format: "store: %.1f MiB for %.0f cases (%.0f bytes a case); timers fired %.0f (late cases %d × 2 expected)",
                   final.storeBytes / 1_048_576, final.cases, final.storeBytes / max(1, final.cases), final.timersFired, lateCases))
        if growth > 0.10 { failures.append(String(format: "resident memory grew %.1f %% past its warm-up sample", growth * 100)) }
        if descriptors.max()! > descriptors.first! + 4 { failures.append("open descriptors grew from \(descriptors.first!) to \(descriptors.max()!)") }
        if ending.closed != cases { failures.append("\(ending.closed) of \(cases) cases closed in the store") }
        if ending.outboxDepth != 0 { failures.append("\(ending.outboxDepth) outputs left in the stored outbox") }
        if Int(final.applied) != cases * 3 { failures.append("the daemon applied \(Int(final.applied)) events of \(cases * 3)") }
        if final.outboxDepth != 0 { failures.append("\(Int(final.outboxDepth)) outputs left in the outbox") }
        if Int(final.timersFired) < lateCases * 2 { failures.append("\(Int(final.timersFired)) timers fired; \(lateCases * 2) expected at least") }
        guard failures.isEmpty else { throw BenchFailure(description: "soak failed: " + failures.joined(separator: "; ")) }
        say("soak passed")
    }
}
