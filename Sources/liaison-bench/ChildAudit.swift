import Foundation
import LiaisonCore

/// The audit signing key a child daemon of a benchmark needs.
enum ChildAudit {
    /// Whether `executable` has the `audit` verb (and so signs checkpoints): its `--help` lists
    /// it among the subcommands (an older build answers `audit --help` with its own help, status 0).
    static func knowsAudit(_ executable: String) -> Bool {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--help"]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        let help = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return help.split(separator: "\n").contains { $0.hasPrefix("  audit ") }
    }

    /// The configuration's `audit:` section (ending in a line break) for a child daemon: a build
    /// with signed audit checkpoints refuses to start without a key, an older one refuses the
    /// section, so only a build that knows `liaison audit` gets one.
    static func section(for executable: String, in directory: String) throws -> String {
        knowsAudit(executable) ? "audit:\n  signing_key: \(try keyFile(in: directory))\n" : ""
    }

    /// A throwaway checkpoint signing key file in `directory`.
    static func keyFile(in directory: String) throws -> String {
        let path = directory + "/audit.key"
        try Data(AuditSigningKey.generate().hex.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
