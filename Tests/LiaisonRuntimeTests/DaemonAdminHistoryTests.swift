import Foundation
import LiaisonCore
@testable import LiaisonRuntime
@testable import LiaisonStore
import Testing

@Suite("GET /v1/cases/{id}/history answers the case's audit chain with a verified flag")
struct DaemonAdminHistoryTests {
    @Test func anUntouchedChainIsVerifiedAndAnEditedEntryIsNamed() async throws {
        let fixture = try DaemonAdminSourceTests()
        defer { try? FileManager.default.removeItem(atPath: fixture.folder) }
        try fixture.openCase()
        let text = try #require(try await fixture.source.caseHistoryJSON(id: "C-1"))
        let json = try JSONValue.parse(Array(text.utf8))
        #expect(json["verified"] == .bool(true), "\(text)")
        #expect(json["break"] == .null)
        let entries = try #require(json["entries"]?.arrayValue)
        #expect(entries.count > 2)
        #expect(entries.allSatisfy { $0["verified"] == .bool(true) && $0["hash"]?.stringValue?.count == 64 })
        #expect(entries.first?["entry"]?["type"] == .string("gov.case.opened"))
        #expect(json["verifiedEntries"] == .integer(Int64(entries.count)))

        try fixture.store.locked { connection throws(StoreError) in
            try connection.run("UPDATE case_history SET at = at + 1 WHERE case_id = 'C-1' AND seq = 2")
        }
        let edited = try JSONValue.parse(Array(try #require(try await fixture.source.caseHistoryJSON(id: "C-1")).utf8))
        #expect(edited["verified"] == .bool(false))
        #expect(edited["break"]?["seq"] == .integer(2))
        #expect(edited["break"]?["kind"] == .string("edited"))
        let flags = try #require(edited["entries"]?.arrayValue).map { $0["verified"] }
        #expect(flags.first == .bool(true))
        #expect(flags.dropFirst().allSatisfy { $0 == .bool(false) })
        #expect(try await fixture.source.caseHistoryJSON(id: "C-404") == nil)
    }
}
