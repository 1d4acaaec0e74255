import LiaisonCore

/// The CloudEvent decoder in both content modes.
///
/// An accepted event must come back unchanged from its own structured form, which is how
/// parked events and tools write it.
enum EventFuzz {
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
