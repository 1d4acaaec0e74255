import Foundation

/// A `liaison` process started by a test, with its output captured to a file for diagnosis.
///
/// Checked `Sendable`: both stored properties are immutable and Sendable (Foundation declares
/// `Process` Sendable on Linux as on Darwin).
final class ChildProcess: Sendable {
    let process = Process()
    let logPath: String

    /// Starts `liaison <arguments>`; its stdout and stderr go to `logPath`.
    init(arguments: [String], logPath: String, environment: [String: String] = [:]) throws {
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.executableURL = URL(fileURLWithPath: Self.liaisonBinary)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        // Hermetic: the fixture's configuration file says everything; LIAISON_* variables of
        // whoever runs the tests must not reach the daemon.
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LIAISON_") }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Sends a signal (SIGTERM for a graceful stop, SIGKILL for a crash).
    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit, at most `timeout`; returns its exit status, or nil if it
    /// was still running (then it is killed).
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            signal(SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    /// The captured output so far.
    var output: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// The `liaison` executable built next to the test bundle.
    static let liaisonBinary: String = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("liaison").path,
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/liaison").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }()
}

/// A fresh temporary folder, removed by `cleanUp()`.
struct TemporaryFolder {
    let path: String

    init(_ name: String) throws {
        path = NSTemporaryDirectory() + "liaison-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    func write(_ name: String, _ text: String) throws {
        let full = file(name)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
