import Foundation
import LiaisonRuntime
import ServiceLifecycle

/// Prints a progress line at a fixed interval while the daemon works, and a last one at exit.
public struct ProgressReporter: Service {
    let metrics: RuntimeMetrics
    let interval: Duration

    /// Creates a reporter over the daemon's counters.
    public init(metrics: RuntimeMetrics, interval: Duration) {
        self.metrics = metrics
        self.interval = interval
    }

    public func run() async throws {
        var last = metrics.snapshot()
        while !Task.isShuttingDownGracefully {
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: interval)
            }
            let now = metrics.snapshot()
            if now != last {
                Self.write(Self.line(now))
                last = now
            }
        }
        Self.write(Self.line(metrics.snapshot()))
    }

    /// Writes a line straight to standard output, unbuffered, so it interleaves in order with
    /// the other lines of `liaison dev` even when the output goes to a file.
    public static func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// One line summing up the counters.
    public static func line(_ s: RuntimeMetrics.Snapshot) -> String {
        let refusals = s.deadLetters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "progress: \(s.routed) routed, \(s.appliedTotal) applied, \(s.timersFired) timers fired, "
            + "\(s.deadLetterTotal) dead letters\(refusals.isEmpty ? "" : " (\(refusals))"), "
            + "\(s.outputsPublished)/\(s.outputsQueued) outputs published, \(s.batches) batches"
    }
}
