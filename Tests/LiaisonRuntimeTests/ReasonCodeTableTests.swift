import Foundation
import LiaisonRuntime
import Testing

@Suite("The operations guide lists every reason code")
struct ReasonCodeTableTests {
    @Test func theGuidesTableIsTheOneTheCodeGenerates() throws {
        let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/README.md")
        let text = try String(contentsOf: guide, encoding: .utf8)
        #expect(text.contains(DeadLetterCode.markdownTable), "deploy/README.md must carry this table:\n\(DeadLetterCode.markdownTable)")
    }

    @Test func theInputContractCarriesTheSameTable() throws {
        let contract = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/EVENTS.md")
        let text = try String(contentsOf: contract, encoding: .utf8)
        #expect(text.contains(DeadLetterCode.markdownTable), "docs/EVENTS.md must carry this table:\n\(DeadLetterCode.markdownTable)")
    }

    @Test func everyCodeIsListedOnce() {
        let codes = DeadLetterCode.all.map(\.code)
        #expect(Set(codes).count == codes.count)
    }
}
