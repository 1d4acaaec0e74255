import LiaisonCore
@testable import LiaisonRuntime
import Testing

@Suite("The router's checks need no case state")
struct RecordCheckTests {
    let check = RecordCheck(
        inputs: [.init(name: "dept.tax", units: ["tax"]), .init(name: "dept.window", units: ["service-window"])],
        maxBytes: 2_000
    )

    func headers(type: String = "gov.task.accepted", source: String = "/units/tax", id: String? = "e-1",
                 subject: String? = "CASE-1") -> [(name: String, value: [UInt8]?)] {
        var list: [(String, String)] = [("ce_specversion", "1.0"), ("ce_source", source), ("ce_type", type),
                                        ("ce_time", "2026-03-02T01:30:00Z"), ("content-type", "application/json")]
        if let id { list.append(("ce_id", id)) }
        if let subject { list.append(("ce_subject", subject)) }
        return list.map { (name: $0.0, value: Array($0.1.utf8)) }
    }

    @Test func aWellFormedEventFromAnAllowedUnitIsForwardedUnderItsCaseID() {
        let verdict = check.verdict(topic: "dept.tax", key: nil, headers: headers(), value: Array("{}".utf8))
        #expect(verdict == .forward(caseID: "CASE-1"))
    }

    @Test func aStructuredModeEventIsForwardedToo() {
        let body = #"{"specversion":"1.0","id":"w-1","source":"/units/service-window","type":"gov.case.opened","subject":"C-9","time":"2026-03-02T01:30:00Z","data":{"matter":"m"}}"#
        let verdict = check.verdict(topic: "dept.window", key: nil,
                                    headers: [(name: "content-type", value: Array("application/cloudevents+json".utf8))],
                                    value: Array(body.utf8))
        #expect(verdict == .forward(caseID: "C-9"))
    }

    @Test(arguments: [
        ("missing-attribute", "dept.tax", "{}", "gov.task.accepted", "/units/tax", nil as String?),
        ("unknown-type", "dept.tax", "{}", "gov.task.flown", "/units/tax", "e-1"),
        ("source-not-allowed", "dept.window", "{}", "gov.task.accepted", "/units/tax", "e-1"),
        ("unknown-topic", "dept.nobody", "{}", "gov.task.accepted", "/units/tax", "e-1"),
    ])
    func aRecordThatCannotBeRightIsRefusedWithItsReason(
        code: String, topic: String, body: String, type: String, source: String, id: String?
    ) {
        let verdict = check.verdict(topic: topic, key: nil, headers: headers(type: type, source: source, id: id),
                                    value: Array(body.utf8))
        guard case .refuse(let got, let reason) = verdict else {
            Issue.record("expected a refusal, got \(verdict)")
            return
        }
        #expect(got == code)
        #expect(!reason.isEmpty)
    }

    @Test func binaryModeDataIsLeftToTheProcessingStageWhichParsesItAnyway() {
        // The router reads attributes only; the processor refuses the data (refused by engine).
        let verdict = check.verdict(topic: "dept.tax", key: nil, headers: headers(), value: Array("{oops".utf8))
        #expect(verdict == .forward(caseID: "CASE-1"))
        let record = InboundRecord(partition: 0, offset: 0, caseID: "CASE-1", headers: headers(), value: Array("{oops".utf8))
        #expect(throws: EventError.self) { try record.decodeEvent() }
    }

    @Test func withoutASubjectTheRouterReadsTheCaseIDFromData() {
        let verdict = check.verdict(topic: "dept.tax", key: nil, headers: headers(subject: nil), value: Array(#"{"caseId":"C-7"}"#.utf8))
        #expect(verdict == .forward(caseID: "C-7"))
    }

    @Test func aRecordOverTheSizeLimitIsRefusedBeforeItIsParsed() {
        let verdict = check.verdict(topic: "dept.tax", key: nil, headers: headers(),
                                    value: Array(repeating: UInt8(ascii: " "), count: 3_000))
        guard case .refuse(let code, _) = verdict else {
            Issue.record("expected a refusal")
            return
        }
        #expect(code == "too-large")
    }
}

@Suite("The router at the edges of what a record can hold")
struct RecordCheckEdgeTests {
    let check = RecordCheck(inputs: [.init(name: "dept.tax", units: ["tax"])], maxBytes: 1_000_000)

    func headers(subject: String = "CASE-1") -> [(name: String, value: [UInt8]?)] {
        [("ce_specversion", "1.0"), ("ce_id", "e-1"), ("ce_source", "/units/tax"), ("ce_type", "gov.task.accepted"),
         ("ce_subject", subject), ("content-type", "application/json")].map { (name: $0.0, value: Array($0.1.utf8)) }
    }

    @Test func aRecordWithThousandsOfHeadersIsRefusedWithItsOwnReason() {
        // Well under the size limit, but no department system sends ten thousand headers: each
        // would be copied to the inbound topic, to the dead-letter topic and into every log.
        let padding = (0..<10_000).map { (name: "x-\($0)", value: [UInt8]?.some([])) }
        let verdict = check.verdict(topic: "dept.tax", key: nil, headers: headers() + padding, value: Array("{}".utf8))
        guard case .refuse(let code, let reason) = verdict else { Issue.record("forwarded: \(verdict)"); return }
        #expect(code == "too-many-headers")
        #expect(reason.contains("10006 headers"))
    }

    @Test func aRecordWithTheUsualTracingHeadersIsForwarded() {
        let tracing = ["traceparent", "tracestate", "baggage", "x-request-id"].map { (name: $0, value: [UInt8]?.some(Array("v".utf8))) }
        #expect(check.verdict(topic: "dept.tax", key: nil, headers: headers() + tracing, value: Array("{}".utf8)) == .forward(caseID: "CASE-1"))
    }

    @Test func aKeyOtherThanTheCaseIDIsNotTrustedTheSubjectDecides() {
        // Departments key their records as they like (DESIGN §6): the router re-keys by the
        // subject, so a key naming another case cannot move the event to that case.
        let verdict = check.verdict(topic: "dept.tax", key: Array("CASE-2".utf8), headers: headers(subject: "CASE-1"), value: Array("{}".utf8))
        #expect(verdict == .forward(caseID: "CASE-1"))
    }
}
