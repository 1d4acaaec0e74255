import Crypto

/// The hash chain of a case's history: the canonical bytes of one entry and its hash.
///
/// Every history record of a case (an input applied, a timer fired, an output emitted) is one
/// link: `hash = SHA-256(canonical(entry) ‖ prevHash)`, where `prevHash` is the previous link's
/// hash (32 zero bytes before the first). AUDIT.md fixes the encoding byte by byte so that a
/// verifier in another language recomputes the same hashes; never change it in place — a new
/// encoding takes a new ``domain`` tag.
public enum AuditChain {
    /// The first bytes of every canonical entry: names the encoding and its version.
    public static let domain: [UInt8] = Array("liaison.chain.v1".utf8)

    /// The previous hash of a case's first entry.
    public static let genesis: [UInt8] = Array(repeating: 0, count: 32)

    /// The canonical bytes of one entry:
    /// `domain ‖ lp(caseID) ‖ be64(seq) ‖ be64(at) ‖ lp(kind) ‖ lp(entry)`, where `lp(x)` is the
    /// UTF-8 bytes of `x` behind their length as a 4-byte big-endian integer and `be64` an
    /// 8-byte big-endian two's complement integer.
    public static func canonicalBytes(caseID: String, seq: Int64, at: Int64, kind: String, entry: String) -> [UInt8] {
        var bytes = domain
        bytes.reserveCapacity(domain.count + 32 + caseID.utf8.count + kind.utf8.count + entry.utf8.count)
        appendPrefixed(caseID, to: &bytes)
        appendBigEndian(seq, to: &bytes)
        appendBigEndian(at, to: &bytes)
        appendPrefixed(kind, to: &bytes)
        appendPrefixed(entry, to: &bytes)
        return bytes
    }

    /// The hash of one entry chained onto `prevHash`: SHA-256 of its canonical bytes followed by
    /// the 32 bytes of `prevHash`.
    public static func hash(caseID: String, seq: Int64, at: Int64, kind: String, entry: String, prevHash: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: canonicalBytes(caseID: caseID, seq: seq, at: at, kind: kind, entry: entry))
        hasher.update(data: prevHash)
        return Array(hasher.finalize())
    }

    /// SHA-256 of some bytes, as lowercase hex: the `digest` field of input and output entries.
    public static func digest(_ bytes: [UInt8]) -> String {
        Hex.encode(Array(SHA256.hash(data: bytes)))
    }

    private static func appendPrefixed(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        appendBigEndian(UInt32(truncatingIfNeeded: utf8.count), to: &bytes)
        bytes += utf8
    }

    private static func appendBigEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes += $0 }
    }
}

/// Where a case's chain ends: the number and hash of its newest entry, kept in the case state
/// so that the next batch links on from it without reading the history table.
public struct ChainHead: Hashable, Sendable {
    /// The newest entry's sequence number (1 for the first).
    public var seq: Int64
    /// The newest entry's hash (32 bytes).
    public var hash: [UInt8]

    /// Creates a head.
    public init(seq: Int64, hash: [UInt8]) {
        self.seq = seq
        self.hash = hash
    }

    /// The link after this head (or the first link, after `nil`), for an entry with these fields.
    public static func link(after head: ChainHead?, caseID: String, at: Int64, kind: String, entry: String) -> ChainLink {
        let seq = (head?.seq ?? 0) + 1
        let prevHash = head?.hash ?? AuditChain.genesis
        let hash = AuditChain.hash(caseID: caseID, seq: seq, at: at, kind: kind, entry: entry, prevHash: prevHash)
        return ChainLink(seq: seq, prevHash: prevHash, hash: hash)
    }
}

/// One entry's place in its case's chain.
public struct ChainLink: Hashable, Sendable {
    /// The entry's sequence number.
    public var seq: Int64
    /// The previous entry's hash (``AuditChain/genesis`` for the first).
    public var prevHash: [UInt8]
    /// This entry's hash.
    public var hash: [UInt8]

    /// Creates a link.
    public init(seq: Int64, prevHash: [UInt8], hash: [UInt8]) {
        self.seq = seq
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The head the chain has after this link.
    public var head: ChainHead { ChainHead(seq: seq, hash: hash) }
}

/// Lowercase hexadecimal, the text form of hashes in the store, in headers and in the CLI.
public enum Hex {
    /// The bytes as lowercase hex.
    public static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of a hex text (either case); nil when it is not hex or has an odd length.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
