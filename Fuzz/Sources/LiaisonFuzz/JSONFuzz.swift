import LiaisonCore

/// The JSON parser: no input may trap, and what it accepts must survive a round trip.
enum JSONFuzz {
    /// Parses, serializes, parses again: the second value equals the first (infinities, which
    /// JSON cannot spell, are written as `null`), and serializing is stable.
    static func run(_ bytes: [UInt8]) {
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
}
