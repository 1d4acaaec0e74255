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

    /// Bytes not read yet: an upper bound on how many more elements a list can hold, so a
    /// corrupt count cannot make a reader reserve more than the input could fill.
    var remaining: Int { bytes.count - index }

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
