import Testing
@testable import LiaisonCore

/// Inputs at the edges of what a department system could send: each is refused with a reason
/// code, never crashes the decoder, and never reads as something other than what it says.
@Suite("Hostile input at the edges")
struct HostileEdgeInputTests {
    static let attributes = #""specversion":"1.0","id":"win-1","source":"/units/service-window","type":"gov.case.opened","subject":"QY-1","time":"2026-03-02T01:30:00Z""#

    static func structured(data: String) -> [UInt8] {
        Array("{\(attributes),\"data\":\(data)}".utf8)
    }

    static func binaryHeaders(id: [UInt8] = Array("win-1".utf8)) -> [(String, [UInt8]?)] {
        [
            ("ce_specversion", Array("1.0".utf8)), ("ce_id", id), ("ce_source", Array("/units/service-window".utf8)),
            ("ce_type", Array("gov.case.opened".utf8)), ("ce_subject", Array("QY-1".utf8)),
            ("content-type", Array("application/json".utf8)),
        ]
    }

    func code(_ decode: () throws(EventError) -> CloudEvent) -> EventError? {
        do {
            _ = try decode()
            return nil
        } catch {
            return error
        }
    }

    @Test func tenThousandLevelsOfNestingAreRefusedWithoutExhaustingTheStack() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let structured = code { () throws(EventError) in try CloudEvent.decode(structured: Self.structured(data: #"{"matter":"m","x":\#(deep)}"#)) }
        #expect(structured?.code == .notJSON)
        #expect(structured?.reason.contains("nested too deeply") == true)
        let binary = code { () throws(EventError) in try CloudEvent.decode(headers: Self.binaryHeaders(), body: Array(deep.utf8)) }
        #expect(binary?.code == .notJSON)
    }

    @Test func aMegabyteStringInDataDecodesAndStaysWhole() throws {
        // Size is the router's limit (processing.max_event_bytes), not the decoder's: a record
        // within the limit must not be cut or mangled.
        let text = String(repeating: "某", count: 350_000)
        let event = try CloudEvent.decode(structured: Self.structured(data: #"{"matter":"m","title":"\#(text)"}"#))
        #expect(event.data["title"]?.stringValue == text)
    }

    @Test func invalidUTF8InTheBodyIsRefused() {
        var body = Self.structured(data: #"{"matter":"m","title":"ok"}"#)
        body.insert(contentsOf: [0xC3, 0x28], at: body.count - 4)
        #expect(code { () throws(EventError) in try CloudEvent.decode(structured: body) }?.code == .notJSON)
    }

    @Test func invalidUTF8InAnAttributeHeaderIsRefusedNotReplaced() {
        // Read leniently, "win-\u{FFFD}" would stand for every invalid byte sequence: two
        // different ids would collide, and a duplicate check could drop a real event.
        let error = code { () throws(EventError) in
            try CloudEvent.decode(headers: Self.binaryHeaders(id: Array("win-".utf8) + [0xFF]), body: Array(#"{"matter":"m"}"#.utf8))
        }
        #expect(error?.code == .badAttribute)
        #expect(error?.reason.contains("UTF-8") == true)
    }

    @Test func aRawNulByteInTheBodyIsRefused() {
        var body = Self.structured(data: #"{"matter":"m","title":"ab"}"#)
        body[body.count - 5] = 0
        #expect(code { () throws(EventError) in try CloudEvent.decode(structured: body) }?.code == .notJSON)
    }

    @Test func duplicateMembersAreRefusedAnywhere() {
        // Two readers may pick different members of a duplicated name (RFC 8259 §4): the
        // department's system and Liaison must never read two different events from one record.
        let envelope = Array(#"{"specversion":"1.0","id":"win-1","id":"win-2","source":"/units/service-window","type":"gov.case.opened","subject":"QY-1","data":{"matter":"m"}}"#.utf8)
        let error = code { () throws(EventError) in try CloudEvent.decode(structured: envelope) }
        #expect(error?.code == .notJSON)
        #expect(error?.reason.contains("duplicate") == true)
        let inData = code { () throws(EventError) in try CloudEvent.decode(structured: Self.structured(data: #"{"matter":"a","matter":"b"}"#)) }
        #expect(inData?.code == .notJSON)
    }

    @Test func ceHeadersContradictingAStructuredBodyAreRefused() {
        var headers = Self.binaryHeaders(id: Array("win-2".utf8))
        headers.removeAll { $0.0 == "content-type" }
        headers.append(("content-type", Array("application/cloudevents+json".utf8)))
        let error = code { () throws(EventError) in try CloudEvent.decode(headers: headers, body: Self.structured(data: #"{"matter":"m"}"#)) }
        #expect(error?.code == .badAttribute)
        #expect(error?.reason.contains("ce_id") == true)
    }

    @Test func ceHeadersAgreeingWithAStructuredBodyAreFine() throws {
        var headers = Self.binaryHeaders()
        headers.removeAll { $0.0 == "content-type" }
        headers.append(("content-type", Array("application/cloudevents+json".utf8)))
        let event = try CloudEvent.decode(headers: headers, body: Self.structured(data: #"{"matter":"m"}"#))
        #expect(event.id == "win-1")
    }
}
