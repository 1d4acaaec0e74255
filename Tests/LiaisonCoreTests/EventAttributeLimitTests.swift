import Testing
@testable import LiaisonCore

@Suite("Attributes are bounded and free of control characters")
struct EventAttributeLimitTests {
    func decode(subject: String = "F5-1", id: String = "e-1", type: String = "gov.task.accepted") -> Result<CloudEvent, EventError> {
        let headers: [(String, [UInt8]?)] = [
            ("ce_specversion", Array("1.0".utf8)), ("ce_id", Array(id.utf8)), ("ce_source", Array("/units/tax".utf8)),
            ("ce_type", Array(type.utf8)), ("ce_subject", Array(subject.utf8)),
        ]
        return Result { () throws(EventError) in try CloudEvent.decode(headers: headers, body: Array("{}".utf8)) }
    }

    @Test func aNulInTheCaseIDIsRefused() {
        guard case .failure(let error) = decode(subject: "F5-1\u{0}x") else { Issue.record("accepted"); return }
        #expect(error.code == .badAttribute)
        #expect(error.reason.contains("U+0000"))
    }

    @Test func otherControlCharactersInIDsAreRefused() {
        for text in ["a\u{1B}[31m", "line\nbreak", "del\u{7F}", "next\u{85}line"] {
            guard case .failure(let error) = decode(id: text) else { Issue.record("accepted \(text.debugDescription)"); continue }
            #expect(error.code == .badAttribute)
        }
    }

    @Test func chineseCaseIDsAreFine() throws {
        #expect(try decode(subject: "企业开办-2026-0001").get().caseID == "企业开办-2026-0001")
    }

    @Test func aHugeTypeIsRefusedWithAShortReason() {
        let huge = String(repeating: "gov.task.accepted", count: 40_000)
        guard case .failure(let error) = decode(type: huge) else { Issue.record("accepted"); return }
        #expect(error.code == .badAttribute)
        #expect(error.reason.utf8.count < 200)
    }

    @Test func overlongIDsAndSubjectsAreRefused() {
        guard case .failure(let a) = decode(subject: String(repeating: "x", count: 300_000)) else { Issue.record("accepted subject"); return }
        guard case .failure(let b) = decode(id: String(repeating: "y", count: 257)) else { Issue.record("accepted id"); return }
        #expect(a.code == .badAttribute && b.code == .badAttribute)
        #expect(a.reason.utf8.count < 200)
    }

    @Test func reasonsNeverRepeatUnboundedInput() {
        let error = EventError(.badData, String(repeating: "z", count: 100_000))
        #expect(error.reason.utf8.count <= 512)
    }
}
