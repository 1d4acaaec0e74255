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

    /// Tables up to this size are searched in order; a hashed index is built past it. Most
    /// states hold a few dozen distinct strings, and comparing short strings costs less than
    /// hashing them.
    private static let scannedTableSize = 48

    /// A string by table index.
    mutating func string(_ value: String) {
        let index: Int
        if strings.count <= Self.scannedTableSize {
            index = strings.firstIndex(of: value) ?? strings.count
            if strings.count == Self.scannedTableSize, index == strings.count {
                for (position, text) in strings.enumerated() { stringIndex[text] = position }
            }
        } else {
            index = stringIndex[value] ?? strings.count
        }
        if index == strings.count {
            if strings.count >= Self.scannedTableSize { stringIndex[value] = index }
            strings.append(value)
        }
        unsigned(UInt64(index))
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
        head.body.reserveCapacity(body.count + strings.reduce(16) { $0 + $1.utf8.count + 2 })
        head.byte(version)
        head.unsigned(UInt64(strings.count))
        for text in strings {
            head.unsigned(UInt64(text.utf8.count))
            head.body.append(contentsOf: text.utf8)
        }
        head.body.append(contentsOf: body)
        return head.body
    }
}
