import Foundation

/// `liaison run --config FILE` as a child process, its log in a file, for the figures that
/// need a real process: resident memory, and start-up after `kill -9`.
final class ChildDaemon {
    private let process = Process()
    let logPath: String
    /// Monotonic instant (ns) just before the process was launched.
    private(set) var launched: Int64 = 0

    init(executable: String, configPath: String, logPath: String) {
        self.logPath = logPath
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["run", "--config", configPath, "--log-level", "info"]
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let handle = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = handle
        process.standardError = handle
    }

    func start() throws {
        launched = MonotonicClock.nanoseconds()
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Seconds from launch until the log holds every one of `markers` (checked every 10 ms).
    func secondsUntilLog(contains markers: [String], timeout: Duration) async throws -> Double {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = log
            if markers.allSatisfy(text.contains) { return Double(MonotonicClock.nanoseconds() - launched) / 1e9 }
            guard process.isRunning else { throw BenchFailure(description: "the daemon exited early:\n\(text.suffix(2_000))") }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchFailure(description: "the daemon's log lacked \(markers) after \(timeout):\n\(log.suffix(2_000))")
    }

    /// Resident set size and its peak, in MiB, from /proc.
    func memory() -> (rss: Double, peak: Double) {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// CPU seconds the process has used so far (user + system), from /proc/PID/stat.
    func cpuSeconds() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return 0 }
        // Fields after the command name: state is field 3; utime and stime are 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Descriptors the process holds open, from /proc/PID/fd.
    func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? -1
    }

    /// Whether the process still runs.
    var isRunning: Bool { process.isRunning }

    /// Waits up to `timeout` for the process to end; whether it did.
    @discardableResult
    func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return !process.isRunning
    }

    /// Sends `signal` and waits for the process to end.
    func stop(_ signal: Int32) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }
}
