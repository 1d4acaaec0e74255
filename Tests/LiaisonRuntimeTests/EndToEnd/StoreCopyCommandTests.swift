import Foundation
import LiaisonStore
import LiaisonStorePostgreSQL
import LiaisonTestSupport
import Logging
import Testing

/// `liaison store copy` run as a process, as an operator runs it.
@Suite("liaison store copy moves a stopped site's SQLite store into PostgreSQL", .serialized)
struct StoreCopyCommandTests {
    private static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `liaison <arguments>` to its end; returns its exit status and output.
    func liaison(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32?, output: String) {
        let folder = try TemporaryFolder("store-copy-cli")
        defer { folder.cleanUp() }
        let child = try ChildProcess(arguments: arguments, logPath: folder.file("out.log"), environment: environment)
        let status = await child.waitForExit(timeout: .seconds(120))
        return (status, child.output)
    }

    /// A SQLite store with `cases` cases over two partitions, each with a timer and an outbox
    /// message, and an audit checkpoint per partition, written through `commit`.
    static func fill(_ path: String, cases: Int) async throws {
        let store = try SQLiteStore(path: path, logger: quiet)
        let leases = try await store.acquire(partitions: [0, 1], owner: "site")
        var batch = StoreBatch(leases: leases, offsets: [0: 10, 1: 20],
                               metricContributions: [MetricRow(partition: 0, key: "unit/tax", value: [1])],
                               checkpoints: [0, 1].map { StoredCheckpoint(partition: $0, seq: 1, record: "{\"partition\":\($0)}") })
        for i in 0..<cases {
            let id = "case-\(i)", partition = Int32(i % 2)
            batch.caseStates[id] = .init(partition: partition, state: Array("state-\(i)".utf8),
                                         summary: CaseSummary(workflow: "wf", version: 1, status: .open, openUnits: ["tax"]))
            batch.history.append(CaseHistoryEntry(caseID: id, at: Int64(i), kind: .input, entry: "{}"))
            batch.scheduledTimers.append(StoredTimer(id: "t-\(id)", partition: partition, caseID: id, due: Int64(i)))
            batch.outbox.append(OutboxMessage(partition: partition, topic: "out", key: nil, value: nil))
        }
        try await store.commit(batch)
    }

    static func freshDatabase() throws -> String {
        let server = try ThrowawayPostgres.shared()
        return server.url(database: try server.createDatabase(prefix: "copycli"))
    }

    @Test("a copy prints each table's progress, the counts of both sides and the next steps")
    func copies() async throws {
        let folder = try TemporaryFolder("store-copy")
        defer { folder.cleanUp() }
        let path = folder.file("liaison.sqlite")
        try await Self.fill(path, cases: 1_200)
        let url = try Self.freshDatabase()
        let (status, output) = try await liaison(["store", "copy", "--from", path, "--to", url, "--chunk-size", "500"])
        #expect(status == 0, "\(output)")
        for line in ["cases: 1200/1200", "case_history: 1200/1200", "outbox: 1200/1200",
                     "leases: 2/2", "metric_rows: 1/1", "audit_checkpoints: 2/2", "next:", "store.url"] {
            #expect(output.contains(line), "\(line) in\n\(output)")
        }
        #expect(output.contains(/cases\s+1200\s+1200/), "\(output)")
        #expect(output.contains(/timers\s+1200\s+1200/), "\(output)")
        try await PostgresStore.withStore(configuration: try PostgresStoreConfiguration(url: url), logger: Self.quiet) { store in
            let statistics = try await store.statistics()
            #expect((statistics.cases, statistics.timers, statistics.outboxDepth) == (1_200, 1_200, 1_200))
        }
    }

    @Test("a store held by a running daemon is refused: stop the daemon first")
    func sourceInUse() async throws {
        let folder = try TemporaryFolder("store-copy-held")
        defer { folder.cleanUp() }
        let path = folder.file("liaison.sqlite")
        try await Self.fill(path, cases: 3)
        let held = try SQLiteStore(path: path, logger: Self.quiet)
        let (status, output) = try await liaison(["store", "copy", "--from", path, "--to", try Self.freshDatabase()])
        #expect(status == 1)
        #expect(output.contains("stop the daemon first"), "\(output)")
        #expect(output.contains("pid \(getpid())"), "the holder is named: \(output)")
        withExtendedLifetime(held) {}
    }

    @Test("a target holding rows is refused, naming them, and left as it was")
    func targetNotEmpty() async throws {
        let folder = try TemporaryFolder("store-copy-full")
        defer { folder.cleanUp() }
        let path = folder.file("liaison.sqlite")
        try await Self.fill(path, cases: 3)
        let url = try Self.freshDatabase()
        let configuration = try PostgresStoreConfiguration(url: url)
        try await PostgresStore.withStore(configuration: configuration, logger: Self.quiet) { store in
            _ = try await store.acquire(partitions: [7], owner: "elsewhere")
        }
        let (status, output) = try await liaison(["store", "copy", "--from", path, "--to", url])
        #expect(status == 1)
        #expect(output.contains("already holds rows (leases: 1)"), "\(output)")
        try await PostgresStore.withStore(configuration: configuration, logger: Self.quiet) { store in
            let counts = try await store.rowCounts()
            #expect(counts.filter { $0.value > 0 } == [.leases: 1])
        }
    }

    @Test("bad input is refused with a message that says what to fix, and creates nothing")
    func badInput() async throws {
        let folder = try TemporaryFolder("store-copy-bad")
        defer { folder.cleanUp() }
        let missing = folder.file("nothing-here.sqlite")
        let url = try Self.freshDatabase()
        var (status, output) = try await liaison(["store", "copy", "--from", missing, "--to", url])
        #expect(status == 1)
        #expect(output.contains("there is no SQLite store at \(missing)"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: missing), "no empty store was created in its place")

        let path = folder.file("liaison.sqlite")
        try await Self.fill(path, cases: 1)
        (status, output) = try await liaison(["store", "copy", "--from", path, "--to", "mysql://root@db/liaison"])
        #expect(status == 1)
        #expect(output.contains("the scheme must be postgres://"), "\(output)")

        (status, output) = try await liaison(["store", "copy", "--from", path, "--to", url, "--password-file", folder.file("no-such-secret")])
        #expect(status == 1)
        #expect(output.contains("--password-file"), "\(output)")

        (status, output) = try await liaison(["store", "copy", "--from", path, "--to", "postgres://nobody@127.0.0.1:1/none?sslmode=disable"])
        #expect(status == 1)
        #expect(output.contains("cannot reach PostgreSQL at postgres://nobody@127.0.0.1:1/none"), "\(output)")
    }

    @Test("--help explains the procedure")
    func help() async throws {
        let (_, output) = try await liaison(["store", "copy", "--help"])
        for step in ["Stop Liaison", "Back up", "store.url", "/readyz", "LIAISON_STORE_PASSWORD", "--password-file"] {
            #expect(output.contains(step), "\(step) in\n\(output)")
        }
    }
}
