import LiaisonCore

/// RFC 3339 timestamps: an accepted instant must be written back in a form that reads as the
/// same instant, since outputs and parked events carry it that way.
enum TimestampFuzz {
    /// Parses the input as text; when accepted, formats and parses again.
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let instant = Timestamp(rfc3339: text) else { return }
        let written = instant.rfc3339
        guard let reread = Timestamp(rfc3339: written) else {
            fatalError("\(text) was accepted but its form \(written) is refused")
        }
        fuzzCheck(reread == instant, "\(text) reads as \(instant.milliseconds) ms, its form \(written) as \(reread.milliseconds) ms")
    }
}
