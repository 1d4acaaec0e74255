@testable import LiaisonCore
import Testing

@Suite("Strings serialize to the exact bytes the audit chain and outputs have always hashed")
struct JSONStringEscapeTests {
    /// The escaping rule written out byte by byte: `"` and `\` escaped, \n \r \t by letter,
    /// other control characters as \u00XX in lowercase hex, everything else (UTF-8 included) as is.
    static func reference(_ text: String) -> [UInt8] {
        var out = Array("\"".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        return out + Array("\"".utf8)
    }

    @Test("every control character, quotes, backslashes and non-ASCII text, short and long")
    func stringsMatchTheReferenceEscaping() {
        var samples = ["", "a", "QY-2026-000187", "某某科技有限公司设立登记", "say \"同意\"", "C:\\path\\", "tab\there", "line\nbreak\r\n",
                       "\u{7F}\u{1F600}", String(repeating: "长", count: 300) + "\"" + String(repeating: "x", count: 300)]
        samples += (0..<0x20).map { "x" + String(UnicodeScalar(UInt8($0))) + "y" }
        samples += (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
        var generator = SeededGenerator(seed: 7)
        let alphabet: [Character] = ["a", "\"", "\\", "\n", "\u{01}", "\u{1F}", "中", "é", " ", "\u{7F}"]
        for _ in 0..<500 {
            samples.append(String((0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for text in samples {
            #expect(JSONValue.string(text).serialized == Self.reference(text), "\(Array(text.utf8))")
            var inObject: [UInt8] = []
            JSONValue.object([(text, .string(text))]).write(to: &inObject)
            #expect(inObject == [UInt8(ascii: "{")] + Self.reference(text) + [UInt8(ascii: ":")] + Self.reference(text) + [UInt8(ascii: "}")])
        }
    }

    @Test("literals and numbers")
    func literalsAndNumbers() {
        #expect(JSONValue.array([.null, .bool(true), .bool(false), .integer(-42), .double(1.5), .double(.infinity)]).serializedString
                == "[null,true,false,-42,1.5,null]")
    }
}
