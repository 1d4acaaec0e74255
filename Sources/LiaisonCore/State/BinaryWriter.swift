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

    /// A timestamp relative to `base` (small for instants near the case's opening). Wrapping,
    /// as `BinaryReader.time` adds, so that every state the reader returns can be written back.
    mutating func time(_ value: Timestamp, base: Timestamp) { signed(value.milliseconds &- base.milliseconds) }

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
