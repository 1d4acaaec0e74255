import Testing
@testable import LiaisonCore

@Suite("Decoding inbound CloudEvents")
struct CloudEventDecodingTests {
    static let structured = #"{"specversion":"1.0","id":"win-1","source":"/units/service-window","type":"gov.case.opened","subject":"QY-1","time":"2026-03-02T01:30:00Z","data":{"matter":"enterprise-establishment","title":"某某科技有限公司\n\"设立\"","collaborators":["tax"]}}"#

    func code(_ text: String) -> EventError.Code? {
        do {
            _ = try CloudEvent.decode(structured: Array(text.utf8))
            return nil
        } catch {
            return error.code
        }
    }

    @Test func aStructuredEventKeepsItsAttributesAndChineseText() throws {
        let event = try CloudEvent.decode(structured: Array(Self.structured.utf8))
        #expect(event.id == "win-1")
        #expect(event.unit == "service-window")
        #expect(event.type == .caseOpened)
        #expect(event.caseID == "QY-1")
        #expect(event.time == Timestamp(rfc3339: "2026-03-02T01:30:00Z"))
        #expect(event.data["title"]?.stringValue == "某某科技有限公司\n\"设立\"")
    }

    @Test func serializingAndParsingDataGivesItBack() throws {
        let event = try CloudEvent.decode(structured: Array(Self.structured.utf8))
        let bytes = event.structured.serialized
        #expect(try CloudEvent.decode(structured: bytes) == event)
        #expect(String(decoding: bytes, as: UTF8.self).contains("某某科技有限公司\\n\\\"设立\\\""))
    }

    @Test func controlCharactersAndUnicodeEscapesRoundTrip() throws {
        let value = try JSONValue.parse(Array(#"{"a":"tab\there \u0001 \u00e9 \ud83d\ude00 \/"}"#.utf8))
        #expect(value["a"]?.stringValue == "tab\there \u{1} é 😀 /")
        #expect(value.serializedString == #"{"a":"tab\there \u0001 é 😀 /"}"#)
        #expect(try JSONValue.parse(value.serialized) == value)
    }

    @Test func binaryModeReadsCeHeadersAndTheBodyAsData() throws {
        let headers: [(String, [UInt8]?)] = [
            ("ce_specversion", Array("1.0".utf8)), ("ce_id", Array("tax-1".utf8)), ("ce_source", Array("/units/tax".utf8)),
            ("ce_type", Array("gov.task.completed".utf8)), ("ce_time", Array("2026-03-03T07:00:00+08:00".utf8)),
            ("content-type", Array("application/json".utf8)),
        ]
        let event = try CloudEvent.decode(headers: headers, body: Array(#"{"outcome":"approved","caseId":"QY-9"}"#.utf8))
        #expect(event.caseID == "QY-9")
        #expect(event.unit == "tax")
        #expect(event.time == Timestamp(rfc3339: "2026-03-02T23:00:00Z"))
    }

    @Test func theCloudEventsContentTypeMeansStructuredMode() throws {
        let event = try CloudEvent.decode(headers: [("content-type", Array("application/cloudevents+json; charset=utf-8".utf8))],
                                          body: Array(Self.structured.utf8))
        #expect(event.id == "win-1")
    }

    @Test func eachKindOfBadRecordGetsItsCode() {
        let base = Self.structured
        #expect(code("{not json") == .notJSON)
        #expect(code(base.replacingOccurrences(of: #""id":"win-1","#, with: "")) == .missingAttribute)
        #expect(code(base.replacingOccurrences(of: #""subject":"QY-1","#, with: "")) == .missingAttribute)
        #expect(code(base.replacingOccurrences(of: "gov.case.opened", with: "gov.case.exploded")) == .unknownType)
        #expect(code(base.replacingOccurrences(of: "2026-03-02T01:30:00Z", with: "yesterday")) == .badTime)
        #expect(code(base.replacingOccurrences(of: "/units/service-window", with: "service-window")) == .badSource)
        #expect(code(base.replacingOccurrences(of: #""matter":"enterprise-establishment","#, with: "")) == .badData)
    }

    @Test func aCompletionNeedsAKnownOutcome() {
        let text = #"{"specversion":"1.0","id":"t","source":"/units/tax","type":"gov.task.completed","subject":"C","data":{"outcome":"maybe"}}"#
        #expect(code(text) == .badData)
    }
}
