import Foundation
@testable import LiaisonStore
import Testing

/// `liaison audit verify` run as a process against the store `liaison dev --demo` left behind.
@Suite("liaison audit verify passes an untouched store and names the entry someone edited", .serialized)
struct AuditVerifyCommandTests {
    static let workflows = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Workflows").path

    /// Runs `liaison <arguments>` to its end; returns its exit status and output.
    func liaison(_ arguments: [String], in folder: TemporaryFolder, log: String) async throws -> (status: Int32?, output: String) {
        let child = try ChildProcess(arguments: arguments, logPath: folder.file(log))
        let status = await child.waitForExit(timeout: .seconds(120))
        return (status, child.output)
    }

    @Test("demo traffic verifies; one history row edited with SQL fails, naming its case and seq")
    func demoStoreVerifiesAndAnEditIsNamed() async throws {
        let folder = try TemporaryFolder("audit-verify")
        defer { folder.cleanUp() }
        let state = folder.file("state")
        let dev = try ChildProcess(arguments: ["dev", "--demo", "--demo-interval", "0.3", "--quiet", "--workflows", Self.workflows,
                                               "--state-dir", state], logPath: folder.file("dev.log"))
        try await Task.sleep(for: .seconds(25))
        dev.signal(SIGINT)
        let devStatus = await dev.waitForExit(timeout: .seconds(60))
        #expect(devStatus == 0, "\(dev.output.suffix(2000))")
        let store = state + "/liaison.sqlite"

        let clean = try await liaison(["audit", "verify", "--store", store], in: folder, log: "verify-clean.log")
        #expect(clean.status == 0, "\(clean.output)")
        let verified = try #require(clean.output.firstMatch(of: /verified: (\d+) cases, (\d+) entries/), "\(clean.output)")
        #expect(Int(verified.1)! > 5)
        #expect(Int(verified.2)! > Int(verified.1)!)

        // An insider edits one output record of one case.
        let victim: String
        do {
            let connection = try SQLiteConnection(path: store)
            victim = try connection.withStatement(
                "SELECT case_id FROM case_history WHERE seq = 3 ORDER BY case_id LIMIT 1"
            ) { statement throws(StoreError) in
                _ = try statement.step()
                return statement.text(0)
            }
            try connection.run("UPDATE case_history SET entry = replace(entry, '\"id\"', '\"iD\"') WHERE case_id = ? AND seq = 3",
                               [.text(victim)])
        }
        let edited = try await liaison(["audit", "verify", "--store", store], in: folder, log: "verify-edited.log")
        #expect(edited.status == 1, "\(edited.output)")
        #expect(edited.output.contains("BROKEN: case \(victim) seq 3 edited"), "\(edited.output)")

        let shown = try await liaison(["audit", "verify", "--store", store, "--case", victim], in: folder, log: "verify-case.log")
        #expect(shown.status == 1)
        #expect(shown.output.contains("  ✓ 1  ") && shown.output.contains("  ✓ 2  "), "\(shown.output)")
        #expect(shown.output.contains("  ✗ 3  "), "\(shown.output)")
    }
}
