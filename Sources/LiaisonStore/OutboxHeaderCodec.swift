/// Packs an outbox message's headers into one blob column.
///
/// Format: a LEB128 varint header count, then for each header a varint name length and the
/// UTF-8 name, then a varint that is 0 for a null value or `length + 1` followed by the value
/// bytes. Typical CloudEvents headers cost 2–3 bytes of framing each, with no schema to migrate.
public enum OutboxHeaderCodec {
    /// Encodes `headers` in order.
    public static func encode(_ headers: [OutboxMessage.Header]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headers.reduce(1) { $0 + $1.name.utf8.count + ($1.value?.count ?? 0) + 4 })
        appendVarint(UInt64(headers.count), to: &bytes)
        for header in headers {
            appendVarint(UInt64(header.name.utf8.count), to: &bytes)
            bytes.append(contentsOf: header.name.utf8)
            if let value = header.value {
                appendVarint(UInt64(value.count) + 1, to: &bytes)
                bytes.append(contentsOf: value)
            } else {
                appendVarint(0, to: &bytes)
            }
        }
        return bytes
    }

    /// Decodes a blob written by ``encode(_:)``; throws `corruptData` on any malformation
    /// (truncation, trailing bytes, oversize lengths, invalid UTF-8 names).
    public static func decode(_ bytes: [UInt8]) throws(StoreError) -> [OutboxMessage.Header] {
        var reader = Reader(bytes: bytes)
        let count = try reader.length()
        var headers: [OutboxMessage.Header] = []
        headers.reserveCapacity(count)
        for _ in 0..<count {
            let nameBytes = try reader.take(try reader.length())
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                throw Reader.corrupt("header name is not UTF-8")
            }
            let marker = try reader.length()
            let value = marker == 0 ? nil : Array(try reader.take(marker - 1))
            headers.append(.init(name: name, value: value))
        }
        guard reader.isAtEnd else { throw Reader.corrupt("trailing bytes after headers") }
        return headers
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A bounds-checked cursor over the encoded bytes.
    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        var isAtEnd: Bool { position == bytes.count }

        static func corrupt(_ reason: String) -> StoreError {
            StoreError(code: .corruptData, reason: "outbox headers: \(reason)")
        }

        /// Reads a varint that must fit in the remaining bytes' count (every length or count
        /// does, which also bounds memory on corrupt input).
        mutating func length() throws(StoreError) -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard position < bytes.count else { throw Self.corrupt("truncated varint") }
                guard shift < 63 else { throw Self.corrupt("varint too long") }
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            guard value <= UInt64(bytes.count - position) + 1 else {
                throw Self.corrupt("length \(value) exceeds the \(bytes.count - position) bytes left")
            }
            return Int(value)
        }

        mutating func take(_ count: Int) throws(StoreError) -> ArraySlice<UInt8> {
            guard count <= bytes.count - position else { throw Self.corrupt("truncated field") }
            defer { position += count }
            return bytes[position..<position + count]
        }
    }
}
