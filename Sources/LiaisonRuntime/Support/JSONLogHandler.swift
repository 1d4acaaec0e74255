import Foundation
import LiaisonHTTP
import Logging
import Synchronization

/// A log handler writing one JSON object per line (`--log-format json`): `timestamp` (RFC 3339,
/// UTC, milliseconds), `level`, `label`, `message`, `metadata` (an object of strings), and
/// `source` (file:line) at debug and trace. Log shippers read it without a parsing rule.
public struct JSONLogHandler: LogHandler {
    /// The minimum level logged.
    public var logLevel: Logger.Level = .info
    /// Metadata attached to every line of this logger.
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler for `label` writing lines through `write` (standard error by default).
    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.write = write
    }

    /// Writes a line to standard error, whole lines at a time.
    public static let standardError: @Sendable (String) -> Void = { line in
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }
    private static let lock = Mutex(())

    /// Metadata of this logger by key.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one line.
    public func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        write(Self.line(date: Date(), level: event.level, label: label, message: "\(event.message)", metadata: merged,
                        source: event.level <= .debug ? "\(event.file):\(event.line)" : nil))
    }

    /// The JSON line for one entry, ending in a newline.
    static func line(date: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, source: String?) -> String {
        var out = "{\"timestamp\":\"\(rfc3339(date))\",\"level\":\"\(level.rawValue)\",\"label\":"
        out += quoted(label) + ",\"message\":" + quoted(message) + ",\"metadata\":{"
        out += metadata.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + quoted("\($0.value)") }.joined(separator: ",")
        out += "}"
        if let source { out += ",\"source\":" + quoted(source) }
        return out + "}\n"
    }

    /// `2026-03-02T01:30:00.123Z`.
    static func rfc3339(_ date: Date) -> String {
        let millisecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millisecondsSinceEpoch / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int(millisecondsSinceEpoch % 1000))
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}
