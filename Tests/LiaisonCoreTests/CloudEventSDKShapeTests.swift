import Testing
@testable import LiaisonCore

/// Kafka records exactly as the official CloudEvents SDKs write them.
///
/// The Python records were produced by `cloudevents` 1.12.0 (`cloudevents.kafka.to_structured`)
/// and are copied byte for byte: `content-type` carries the *data's* media type, or is absent
/// when the event has no `datacontenttype`; the body is `json.dumps` output (spaces after
/// separators, non-ASCII as `\u` escapes, microsecond `+00:00` times, `"data": null` for an
/// event without data).
@Suite("Records from the CloudEvents SDKs")
struct CloudEventSDKShapeTests {
    static let pythonOpening = #"{"type": "gov.case.opened", "source": "/units/service-window", "subject": "QY-PY-1", "id": "win-py-1", "time": "2026-03-02T01:30:00.123456+00:00", "specversion": "1.0", "data": {"matter": "enterprise-establishment", "title": "\u67d0\u67d0\u79d1\u6280\u6709\u9650\u516c\u53f8\u8bbe\u7acb", "collaborators": ["tax"]}}"#
    static let pythonAcceptWithoutData = #"{"type": "gov.task.accepted", "source": "/units/tax", "subject": "QY-PY-1", "id": "tax-py-1", "specversion": "1.0", "time": "2026-11-30T11:38:32.596833+00:00", "data": null}"#

    func decode(_ headers: [(String, String)], _ body: String) throws -> CloudEvent {
        try CloudEvent.decode(headers: headers.map { ($0.0, Array($0.1.utf8)) }, body: Array(body.utf8))
    }

    @Test func pythonStructuredRecordsWithTheDataMediaTypeAreStructured() throws {
        let event = try decode([("content-type", "application/json")], Self.pythonOpening)
        #expect(event.id == "win-py-1")
        #expect(event.unit == "service-window")
        #expect(event.type == .caseOpened)
        #expect(event.caseID == "QY-PY-1")
        #expect(event.time == Timestamp(rfc3339: "2026-03-02T01:30:00.123Z"))
        #expect(event.data["title"]?.stringValue == "某某科技有限公司设立")
        #expect(event.data["collaborators"]?.stringArrayValue == ["tax"])
    }

    @Test func pythonStructuredRecordsWithoutHeadersOrDataAreStructured() throws {
        let event = try decode([], Self.pythonAcceptWithoutData)
        #expect(event.type == .taskAccepted)
        #expect(event.unit == "tax")
        #expect(event.data == .object([]))
    }

    @Test func anEnvelopeMissingAnAttributeSaysWhich() {
        let body = Self.pythonOpening.replacingOccurrences(of: #""id": "win-py-1", "#, with: "")
        let error = #expect(throws: EventError.self) { try decode([("content-type", "application/json")], body) }
        #expect(error?.code == .missingAttribute)
        #expect(error?.reason == "id is missing")
    }

    @Test func ceHeadersKeepABodyThatLooksLikeAnEnvelopeAsData() throws {
        let headers = [("ce_specversion", "1.0"), ("ce_id", "b-1"), ("ce_source", "/units/tax"),
                       ("ce_type", "gov.task.accepted"), ("ce_subject", "QY-9"), ("content-type", "application/json")]
        let event = try decode(headers, #"{"specversion":"0.3","note":"data, not an envelope"}"#)
        #expect(event.id == "b-1")
        #expect(event.data["note"]?.stringValue == "data, not an envelope")
    }

    @Test func binaryRecordsWithNullDataAreAccepted() throws {
        let headers = [("ce_specversion", "1.0"), ("ce_id", "b-2"), ("ce_source", "/units/tax"),
                       ("ce_type", "gov.task.accepted"), ("ce_subject", "QY-9")]
        #expect(try decode(headers, "null").data == .object([]))
    }

    /// sdk-javascript `Kafka.structured`: `content-type: application/cloudevents+json;
    /// charset=utf-8`, `JSON.stringify` of the event with a millisecond `Z` time.
    @Test func javascriptStructuredRecordsAreStructured() throws {
        let body = #"{"id":"tax-js-1","time":"2026-03-03T07:00:00.000Z","type":"gov.task.completed","source":"/units/tax","specversion":"1.0","datacontenttype":"application/json","subject":"QY-JS-1","data":{"outcome":"approved","opinion":"同意"}}"#
        let event = try decode([("content-type", "application/cloudevents+json; charset=utf-8")], body)
        #expect(event.caseID == "QY-JS-1")
        #expect(event.data["opinion"]?.stringValue == "同意")
    }

    /// sdk-go and sdk-java structured Kafka writers: `content-type: application/cloudevents+json`,
    /// nanosecond times with an offset.
    @Test func goAndJavaStructuredRecordsAreStructured() throws {
        let body = #"{"specversion":"1.0","id":"go-1","source":"/units/tax","type":"gov.task.accepted","subject":"QY-GO-1","time":"2026-03-03T15:00:00.123456789+08:00","datacontenttype":"application/json","data":{}}"#
        let event = try decode([("Content-Type", "application/cloudevents+json")], body)
        #expect(event.time == Timestamp(rfc3339: "2026-03-03T07:00:00.123Z"))
    }
}
