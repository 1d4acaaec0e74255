import LiaisonCore

/// What an inbound record carries: the event in either content mode, its JSON and its time.
///
/// No input may trap, and what is accepted must survive being written the way Liaison writes
/// it (structured events, serialized JSON, RFC 3339 in UTC) and read again.
enum InboundFuzz {
    /// The JSON parser: parse, serialize, parse again gives the first value (infinities, which
    /// JSON cannot spell, are written as `null`), and serializing it again gives the same bytes.
    static func runJSON(_ bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes) else { return }
        let written = value.serialized
        let reread: JSONValue
        do {
            reread = try JSONValue.parse(written)
        } catch {
            fatalError("serialized JSON does not parse back: \(error) in \(String(decoding: written, as: UTF8.self))")
        }
        fuzzCheck(reread == finite(value), "round trip changed the value: \(String(decoding: written, as: UTF8.self))")
        fuzzCheck(reread.serialized == written, "serializing the reread value gave other bytes")
    }

    /// `value` with every non-finite number replaced by `null`, as the serializer writes it.
    static func finite(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let d) where !d.isFinite: return .null
        case .array(let items): return .array(items.map(finite))
        case .object(let members): return .object(members.map { ($0.0, finite($0.1)) })
        default: return value
        }
    }

    /// RFC 3339 timestamps: an accepted instant must be written back in a form that reads as
    /// the same instant, since outputs and parked events carry it that way.
    static func runTimestamp(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let instant = Timestamp(rfc3339: text) else { return }
        let written = instant.rfc3339
        guard let reread = Timestamp(rfc3339: written) else {
            fatalError("\(text) was accepted but its form \(written) is refused")
        }
        fuzzCheck(reread == instant, "\(text) reads as \(instant.milliseconds) ms, its form \(written) as \(reread.milliseconds) ms")
    }

    /// The whole input is a structured-mode record body.
    static func runStructured(_ bytes: [UInt8]) {
        guard let event = try? CloudEvent.decode(structured: bytes) else { return }
        checkRoundTrip(event)
    }

    /// The input is a binary-mode record: header lines `name:value` (a line without `:` is a
    /// header with a null value), then an empty line and the body. Without the empty line
    /// there is no body at all.
    static func runBinary(_ bytes: [UInt8]) {
        let (headers, body) = split(bytes)
        guard let event = try? CloudEvent.decode(headers: headers, body: body) else { return }
        checkRoundTrip(event)
    }

    /// Headers and body as `runBinary` reads them.
    static func split(_ bytes: [UInt8]) -> (headers: [(String, [UInt8]?)], body: [UInt8]?) {
        var headers: [(String, [UInt8]?)] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x0A else { index += 1; continue }
            if index == start {
                return (headers, Array(bytes[(index + 1)...]))
            }
            headers.append(header(bytes[start..<index]))
            index += 1
            start = index
        }
        if start < bytes.count { headers.append(header(bytes[start...])) }
        return (headers, nil)
    }

    private static func header(_ line: ArraySlice<UInt8>) -> (String, [UInt8]?) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            return (String(decoding: line, as: UTF8.self), nil)
        }
        return (String(decoding: line[..<colon], as: UTF8.self), Array(line[(colon + 1)...]))
    }

    private static func checkRoundTrip(_ event: CloudEvent) {
        let written = event.structured.serialized
        do {
            let reread = try CloudEvent.decode(structured: written)
            fuzzCheck(reread == event, "the structured form decodes to another event: \(String(decoding: written, as: UTF8.self))")
        } catch {
            fatalError("an accepted event's structured form is refused: \(error): \(String(decoding: written, as: UTF8.self))")
        }
    }
}
