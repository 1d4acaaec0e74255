import Foundation
import LiaisonCore
import LiaisonKafka
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
                                               "--state-dir", state], logPath: folder.file("dev.log"),
                                   environment: ["LIAISON_AUDIT_CHECKPOINT_INTERVAL": "3s"])
        let store = state + "/liaison.sqlite"
        // Enough traffic for the checks below; a loaded machine gets there later, not never.
        try await Self.waitUntil(Self.signedCheckpoints, in: store, reaches: 2, dev: dev)
        try await Self.waitUntil("SELECT count(*) FROM cases", in: store, reaches: 6, dev: dev)
        try await Self.waitUntil("SELECT count(*) FROM audit_checkpoints", in: store, reaches: 5, dev: dev)
        try await Self.waitUntil("SELECT count(*) FROM case_history WHERE seq = 3", in: store, reaches: 1, dev: dev)
        dev.signal(SIGINT)
        let devStatus = await dev.waitForExit(timeout: .seconds(60))
        #expect(devStatus == 0, "\(dev.output.suffix(2000))")

        #expect(dev.output.contains("throwaway key"), "dev says its key proves nothing: \(dev.output.prefix(2000))")
        let publicKey = state + "/audit-dev.pub"
        let clean = try await liaison(["audit", "verify", "--store", store, "--public-key", publicKey], in: folder, log: "verify-clean.log")
        #expect(clean.status == 0, "\(clean.output)")
        let signed = try #require(clean.output.firstMatch(of: /checkpoints: (\d+) verified, signatures valid/), "\(clean.output)")
        #expect(Int(signed.1)! > 4, "several checkpoints per partition: \(clean.output)")
        #expect(clean.output.firstMatch(of: /; ([1-9]\d*) signed heads found/) != nil, "\(clean.output)")
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

    @Test("a checkpoint signed with another key, or a chain rewritten whole with its state's head, fails")
    func forgedCheckpointsAndRewrittenChainsAreFound() async throws {
        let folder = try TemporaryFolder("audit-forged")
        defer { folder.cleanUp() }
        let state = folder.file("state")
        let dev = try ChildProcess(arguments: ["dev", "--demo", "--demo-interval", "0.3", "--quiet", "--workflows", Self.workflows,
                                               "--state-dir", state], logPath: folder.file("dev.log"),
                                   environment: ["LIAISON_AUDIT_CHECKPOINT_INTERVAL": "3s"])
        // Until some partition has a second checkpoint and some case a fourth entry (a busy
        // machine makes both slower).
        try await Self.waitUntil("SELECT count(*) FROM audit_checkpoints WHERE seq = 2", in: state + "/liaison.sqlite", reaches: 1, dev: dev)
        try await Self.waitUntil("SELECT count(*) FROM case_history WHERE seq = 4", in: state + "/liaison.sqlite", reaches: 1, dev: dev)
        dev.signal(SIGINT)
        #expect(await dev.waitForExit(timeout: .seconds(60)) == 0, "\(dev.output.suffix(2000))")
        let store = state + "/liaison.sqlite"
        let publicKey = state + "/audit-dev.pub"
        let original = try String(contentsOfFile: store.replacingOccurrences(of: "liaison.sqlite", with: "audit-dev.key"), encoding: .utf8)
        #expect(AuditSigningKey(hex: original) != nil)

        // An insider rewrites one case's history from seq 2 on, relinking every later entry and
        // the head in the case state: the chain alone verifies, the signed heads do not.
        let victim: String
        do {
            let connection = try SQLiteConnection(path: store)
            victim = try connection.withStatement(
                "SELECT case_id FROM case_history WHERE seq = 4 ORDER BY case_id LIMIT 1"
            ) { statement throws(StoreError) in
                _ = try statement.step()
                return statement.text(0)
            }
            var rows: [(seq: Int64, at: Int64, kind: String, entry: String, prev: String)] = []
            try connection.withStatement("SELECT seq, at, kind, entry, prev_hash FROM case_history WHERE case_id = ? ORDER BY seq",
                                         [.text(victim)]) { statement throws(StoreError) in
                while try statement.step() {
                    rows.append((statement.int64(0), statement.int64(1), statement.text(2), statement.text(3), statement.text(4)))
                }
            }
            var head = ChainHead(seq: 1, hash: [])
            for (index, row) in rows.enumerated() {
                if index == 0 { continue }
                if index == 1 {
                    head = ChainHead(seq: rows[0].seq, hash: Hex.decode(row.prev)!)
                }
                let entry = index == 1 ? row.entry.replacingOccurrences(of: "\"type\"", with: "\"tYpe\"") : row.entry
                let link = ChainHead.link(after: head, caseID: victim, at: row.at, kind: row.kind, entry: entry)
                try connection.run("UPDATE case_history SET entry = ?, prev_hash = ?, hash = ? WHERE case_id = ? AND seq = ?",
                                   [.text(entry), .text(Hex.encode(link.prevHash)), .text(Hex.encode(link.hash)), .text(victim), .integer(row.seq)])
                head = link.head
            }
            let bytes = try connection.withStatement("SELECT state FROM cases WHERE case_id = ?", [.text(victim)]) { statement throws(StoreError) in
                _ = try statement.step()
                return statement.blob(0) ?? []
            }
            var caseState = try CaseState(decoding: bytes)
            caseState.chain = head
            try connection.run("UPDATE cases SET state = ? WHERE case_id = ?", [.blob(caseState.encoded()), .text(victim)])
        }
        let rewritten = try await liaison(["audit", "verify", "--store", store, "--public-key", publicKey], in: folder, log: "verify-rewritten.log")
        #expect(rewritten.status == 1, "\(rewritten.output)")
        #expect(rewritten.output.contains("BROKEN: case \(victim) seq "), "\(rewritten.output)")
        #expect(rewritten.output.contains("signed in checkpoint") || rewritten.output.contains("checkpoint"), "\(rewritten.output)")

        // One checkpoint replaced by one signed with another key.
        do {
            let connection = try SQLiteConnection(path: store)
            let record = try connection.withStatement("SELECT record FROM audit_checkpoints WHERE seq = 2 ORDER BY partition LIMIT 1") { statement throws(StoreError) in
                _ = try statement.step()
                return statement.text(0)
            }
            var checkpoint = try #require(AuditCheckpoint(json: try JSONValue.parse(Array(record.utf8))))
            try AuditSigningKey.generate().sign(&checkpoint)
            try connection.run("UPDATE audit_checkpoints SET record = ? WHERE partition = ? AND seq = 2",
                               [.text(checkpoint.json.serializedString), .int(checkpoint.partition)])
        }
        let forged = try await liaison(["audit", "verify", "--store", store, "--public-key", publicKey], in: folder, log: "verify-forged.log")
        #expect(forged.status == 1, "\(forged.output)")
        #expect(forged.output.contains("/2 checkpoint signature invalid"), "\(forged.output)")
    }

    @Test("the store of a running daemon verifies without stopping it; a signed case deleted later is named missing")
    func runningDaemonsStoreVerifiesAndADeletedCaseIsNamed() async throws {
        let folder = try TemporaryFolder("audit-running")
        defer { folder.cleanUp() }
        let state = folder.file("state")
        let store = state + "/liaison.sqlite"
        let dev = try ChildProcess(arguments: ["dev", "--demo", "--demo-interval", "0.3", "--quiet", "--workflows", Self.workflows,
                                               "--state-dir", state], logPath: folder.file("dev.log"),
                                   environment: ["LIAISON_AUDIT_CHECKPOINT_INTERVAL": "3s"])
        defer { dev.signal(SIGKILL) }
        // A checkpoint that signed a case's head: the ones made on taking a partition sign none,
        // and on a loaded machine the demo's first cases can come many seconds later.
        try await Self.waitUntil(Self.signedCheckpoints, in: store, reaches: 1, dev: dev)
        let publicKey = state + "/audit-dev.pub"
        let running = try await liaison(["audit", "verify", "--store", store, "--public-key", publicKey], in: folder, log: "verify-running.log")
        #expect(running.status == 0, "\(running.output)")
        #expect(running.output.contains("signatures valid"), "\(running.output)")
        #expect(running.output.firstMatch(of: /verified: [1-9]\d* cases/) != nil, "\(running.output)")
        #expect(dev.process.isRunning, "the daemon was not disturbed: \(dev.output.suffix(2000))")

        dev.signal(SIGINT)
        #expect(await dev.waitForExit(timeout: .seconds(60)) == 0, "\(dev.output.suffix(2000))")
        // An insider deletes a case a checkpoint signed: its state, its history, its timers.
        let victim: String
        do {
            let connection = try SQLiteConnection(path: store)
            let records = try connection.withStatement("SELECT record FROM audit_checkpoints ORDER BY partition, seq") { statement throws(StoreError) in
                var records: [String] = []
                while try statement.step() { records.append(statement.text(0)) }
                return records
            }
            // The first checkpoint that signed a head (one made on taking a partition may list none).
            let signed = records.lazy.compactMap { try? JSONValue.parse(Array($0.utf8)) }.compactMap(AuditCheckpoint.init(json:))
                .first { !$0.heads.isEmpty }
            victim = try #require(signed?.heads.first?.caseID)
            for table in ["cases", "case_history", "timers"] {
                try connection.run("DELETE FROM \(table) WHERE case_id = ?", [.text(victim)])
            }
        }
        let deleted = try await liaison(["audit", "verify", "--store", store, "--public-key", publicKey], in: folder, log: "verify-deleted.log")
        #expect(deleted.status == 1, "\(deleted.output)")
        #expect(deleted.output.contains("BROKEN: case \(victim) seq "), "\(deleted.output)")
        #expect(deleted.output.contains("missing: the case is not in the store"), "\(deleted.output)")
    }

    @Test("run refuses to start without a signing key unless audit.signing is off")
    func runRefusesWithoutAKey() async throws {
        let folder = try TemporaryFolder("audit-nokey")
        defer { folder.cleanUp() }
        try folder.write("Workflows/e2e-steady.yaml", TestWorkflows.steady)
        let child = try ChildProcess(arguments: ["run"], logPath: folder.file("run.log"), environment: [
            "LIAISON_KAFKA_BOOTSTRAP": "127.0.0.1:1", "LIAISON_STORE_PATH": folder.file("state/liaison.sqlite"),
            "LIAISON_WORKFLOWS": folder.file("Workflows"), "LIAISON_ADMIN_LISTEN": "off",
            "LIAISON_TOPICS_INPUTS": "[{topic: dept.alpha, units: [alpha]}]",
        ])
        let status = await child.waitForExit(timeout: .seconds(30))
        #expect(status != nil && status != 0, "\(child.output)")
        #expect(child.output.contains("audit.signing: off"), "\(child.output)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("state/liaison.sqlite")), "refused before the store opens")
    }

    @Test("--bootstrap recomputes every output from its record and names a checkpoint signed with another key")
    func topicsVerifyAndAForgedCheckpointIsNamed() async throws {
        let folder = try TemporaryFolder("audit-topics")
        defer { folder.cleanUp() }
        let state = folder.file("state")
        let dev = try ChildProcess(arguments: ["dev", "--demo", "--demo-interval", "0.3", "--quiet", "--workflows", Self.workflows,
                                               "--state-dir", state], logPath: folder.file("dev.log"),
                                   environment: ["LIAISON_AUDIT_CHECKPOINT_INTERVAL": "3s"])
        defer { dev.signal(SIGKILL) }
        let bootstrap = try await EndToEndFixture.waitForFile(state + "/bootstrap", timeout: .seconds(30))
        try await Self.waitUntil(Self.signedCheckpoints, in: state + "/liaison.sqlite", reaches: 1, dev: dev)
        try await Self.waitUntil("SELECT count(*) FROM case_history", in: state + "/liaison.sqlite", reaches: 60, dev: dev)
        let publicKey = state + "/audit-dev.pub"
        let arguments = ["audit", "verify", "--bootstrap", bootstrap, "--public-key", publicKey, "--idle-seconds", "2", "--max-seconds", "15"]
        let clean = try await liaison(arguments, in: folder, log: "verify-topics.log")
        #expect(clean.status == 0, "\(clean.output)")
        let counts = try #require(clean.output.firstMatch(of: /verified: (\d+) outputs recomputed from their records; (\d+) signed heads/), "\(clean.output)")
        #expect(Int(counts.1)! > 50)
        #expect(Int(counts.2)! > 0)

        // A checkpoint signed with another key, published where the real ones are.
        var forged = AuditCheckpoint(partition: 0, seq: 1, prevHash: AuditChain.genesis,
                                     heads: [AuditCheckpoint.Head(caseID: "DEMO-000001", seq: 1, hash: Array(repeating: 9, count: 32))],
                                     time: 1_772_000_000_000)
        try AuditSigningKey.generate().sign(&forged)
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "forger"), idempotent: false)
        let sent = await producer.send([KafkaRecord(topic: "liaison.audit", key: Array("partition-0".utf8), value: forged.json.serialized)])
        #expect(sent.allSatisfy { if case .success = $0 { true } else { false } })
        try await producer.close()
        let broken = try await liaison(arguments, in: folder, log: "verify-topics-forged.log")
        #expect(broken.status == 1, "\(broken.output)")
        #expect(broken.output.contains("checkpoint 0/1 checkpoint signature invalid"), "\(broken.output)")
    }

    /// A count read with the sqlite3 tool from a store a daemon may hold open; 0 when unreadable.
    /// Checkpoints that signed at least one case's head.
    static let signedCheckpoints = "SELECT count(*) FROM audit_checkpoints WHERE json_extract(record, '$.cases') > 0"

    /// Polls `query` on the running daemon's store until it answers at least `target`; fails
    /// the test, with the daemon's log, if it does not within two minutes.
    static func waitUntil(_ query: String, in store: String, reaches target: Int, dev: ChildProcess) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while count(query, in: store) < target, ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
        }
        try #require(count(query, in: store) >= target, "\(query) < \(target) after 120 s: \(dev.output.suffix(2000))")
    }

    static func count(_ query: String, in store: String) -> Int {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        // `.timeout` rather than `PRAGMA busy_timeout=…`: the pragma prints its value, which was
        // read as the count whenever the query itself failed (the table not created yet).
        process.arguments = ["-readonly", "-cmd", ".timeout 2000", store, query + ";"]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return 0 }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Int(String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? "") ?? 0
    }
}
