/// Appends a compact binary form: LEB128 varints, zigzag signed numbers, and strings through a
/// table so that each distinct string (unit ids repeat a lot) is stored once.
struct BinaryWriter {
    private(set) var body: [UInt8] = []
    private var strings: [String] = []
    private var stringIndex: [String: Int] = [:]

    init() { body.reserveCapacity(512) }

    mutating func byte(_ value: UInt8) { body.append(value) }

    mutating func unsigned(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            body.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        body.append(UInt8(rest))
    }

    mutating func int(_ value: Int) { signed(Int64(value)) }

    mutating func signed(_ value: Int64) {
        unsigned(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func bool(_ value: Bool) { body.append(value ? 1 : 0) }

    /// A string by table index.
    mutating func string(_ value: String) {
        if let index = stringIndex[value] {
            unsigned(UInt64(index))
        } else {
            stringIndex[value] = strings.count
            unsigned(UInt64(strings.count))
            strings.append(value)
        }
    }

    mutating func bytes(_ value: [UInt8]) {
        unsigned(UInt64(value.count))
        body.append(contentsOf: value)
    }

    /// A timestamp relative to `base` (small for instants near the case's opening).
    mutating func time(_ value: Timestamp, base: Timestamp) { signed(value.milliseconds - base.milliseconds) }

    mutating func optionalTime(_ value: Timestamp?, base: Timestamp) {
        if let value {
            bool(true)
            time(value, base: base)
        } else {
            bool(false)
        }
    }

    /// `version` byte, then the string table, then the body.
    func finish(version: UInt8) -> [UInt8] {
        var head = BinaryWriter()
        head.byte(version)
        head.unsigned(UInt64(strings.count))
        for text in strings {
            let utf8 = Array(text.utf8)
            head.unsigned(UInt64(utf8.count))
            head.body.append(contentsOf: utf8)
        }
        return head.body + body
    }
}

/// Reads what `BinaryWriter` wrote, refusing truncated or malformed input.
struct BinaryReader {
    private let bytes: [UInt8]
    private var index = 0
    private var strings: [String] = []
    let version: UInt8

    init(_ bytes: [UInt8]) throws(StateDecodingError) {
        self.bytes = bytes
        guard let first = bytes.first else { throw StateDecodingError("empty state") }
        version = first
        index = 1
        let count = try length()
        strings.reserveCapacity(count)
        for _ in 0..<count {
            let size = try length()
            guard index + size <= bytes.count else { throw StateDecodingError("string table truncated") }
            strings.append(String(decoding: bytes[index..<index + size], as: UTF8.self))
            index += size
        }
    }

    var isAtEnd: Bool { index == bytes.count }

    mutating func byte() throws(StateDecodingError) -> UInt8 {
        guard index < bytes.count else { throw StateDecodingError("state truncated at byte \(index)") }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func unsigned() throws(StateDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw StateDecodingError("varint too long at byte \(index)") }
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func length() throws(StateDecodingError) -> Int {
        let value = try unsigned()
        guard value <= UInt64(bytes.count) else { throw StateDecodingError("length \(value) exceeds the state size") }
        return Int(value)
    }

    mutating func signed() throws(StateDecodingError) -> Int64 {
        let raw = try unsigned()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func int() throws(StateDecodingError) -> Int { Int(try signed()) }

    mutating func bool() throws(StateDecodingError) -> Bool { try byte() != 0 }

    mutating func string() throws(StateDecodingError) -> String {
        let position = try unsigned()
        guard position < UInt64(strings.count) else { throw StateDecodingError("string reference \(position) out of table") }
        return strings[Int(position)]
    }

    mutating func byteArray() throws(StateDecodingError) -> [UInt8] {
        let size = try length()
        guard index + size <= bytes.count else { throw StateDecodingError("bytes truncated at \(index)") }
        defer { index += size }
        return Array(bytes[index..<index + size])
    }

    mutating func time(base: Timestamp) throws(StateDecodingError) -> Timestamp {
        Timestamp(milliseconds: base.milliseconds &+ (try signed()))
    }

    mutating func optionalTime(base: Timestamp) throws(StateDecodingError) -> Timestamp? {
        try bool() ? try time(base: base) : nil
    }
}

/// A stored case state that cannot be read back (corrupt, truncated, or a newer format).
public struct StateDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Always `bad-state`, for logs and dead letters.
    public var code = "bad-state"
    /// What is wrong.
    public var reason: String

    init(_ reason: String) { self.reason = reason }

    public var description: String { "\(code): \(reason)" }
}
