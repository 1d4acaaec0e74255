import Foundation
import Testing
@testable import LiaisonCore

/// docs/EVENTS.md is what department developers copy from: its examples must be events
/// Liaison accepts, and it must describe every inbound type.
@Suite("The input contract document")
struct InputContractDocumentTests {
    static func document() throws -> String {
        let url = EngineFixtures.workflowsDirectory.deletingLastPathComponent().appendingPathComponent("docs/EVENTS.md")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func everyExampleDecodes() throws {
        let blocks = try Self.document().components(separatedBy: "```json\n").dropFirst()
            .map { String($0.prefix { $0 != "`" }).replacingOccurrences(of: "\n", with: "") }
        #expect(blocks.count >= EventType.allCases.count - 1)
        var types: Set<EventType> = []
        for block in blocks {
            let event = try CloudEvent.decode(structured: Array(block.utf8))
            types.insert(event.type)
        }
        #expect(types.count == blocks.count, "one example per type")
    }

    @Test func everyInboundTypeHasASection() throws {
        let text = try Self.document()
        for type in EventType.allCases {
            #expect(text.contains("`\(type.rawValue)`"), "docs/EVENTS.md does not describe \(type.rawValue)")
        }
    }
}
