import Foundation
@testable import LiaisonStore
@testable import LiaisonStorePostgreSQL
import LiaisonTestSupport
import Logging
import Synchronization
import Testing

/// `liaison store copy`'s engine: a SQLite store filled through the ordinary commit API is
/// copied into PostgreSQL and every read of the `StateStore` API answers the same.
@Suite("Copying a SQLite store into PostgreSQL", .serialized)
struct StoreCopyTests {
    private static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let partitions: [Int32] = [0, 1, 2, 3]
    /// The topic the filled store's offsets belong to: not the default inbound topic, so that a
    /// copy that lost the setting would answer differently.
    static let offsetsTopic = "department.tax"

    @Test("every read answers the same on both stores after a copy of 12,503 cases in chunks of 5,000")
    func copyAnswersTheSame() async throws {
        let directory = try TemporaryDirectory()
        let source = try directory.store()
        let sourceHighWater = try Self.fill(source, cases: 12_500)
        let progress = Mutex<[String]>([])
        try await Self.withFreshPostgres { target in
            let counts = try await StoreCopy(chunkSize: 5_000).run(from: source, to: target) { table, copied, total in
                progress.withLock { $0.append("\(table): \(copied)/\(total)") }
            }
            let lines = progress.withLock { $0 }
            #expect(lines.filter { $0.hasPrefix("cases:") } == ["cases: 5000/12503", "cases: 10000/12503", "cases: 12503/12503"])
            #expect(counts.count == StoreTable.allCases.count)
            for count in counts {
                #expect(count.source == count.target, "\(count.table)")
                #expect(count.source > 0, "the fill leaves rows in \(count.table)")
            }

            try await Self.expectSameAnswers(source, target)

            // The offsets still belong to the source's topic: a daemon about to read the
            // default inbound topic is told so, as it would have been on SQLite.
            #expect(try await target.bindOffsets(to: "liaison.inbound", legacy: "liaison.inbound") == Self.offsetsTopic)

            // Acquiring after the copy: the next epoch on both, the same stored offsets.
            let sourceLeases = try await source.acquire(partitions: Self.partitions, owner: "after-copy")
            let targetLeases = try await target.acquire(partitions: Self.partitions, owner: "after-copy")
            #expect(sourceLeases == targetLeases)
            #expect(targetLeases.map(\.epoch) == [4, 4, 3, 3])
            #expect(targetLeases.allSatisfy { $0.nextOffset != nil })

            // A message committed on PostgreSQL is numbered past every copied one, and past the
            // numbers SQLite had already given to messages published since.
            let copied = try await target.pendingOutbox(partitions: Self.partitions, limit: 1_000_000).map(\.sequence)
            try await target.commit(StoreBatch(leases: [targetLeases[0]], outbox: [Fixtures.message("after", "copy")]))
            let after = try await target.pendingOutbox(partitions: Self.partitions, limit: 1_000_000).map(\.sequence)
            let new = try #require(Set(after).subtracting(copied).first)
            #expect(new > (copied.max() ?? 0))
            #expect(new > sourceHighWater)
        }
    }

    @Test("a target that holds any row is refused, named, and left unchanged", arguments: ["batch", "lease only"])
    func nonEmptyTargetIsRefused(holding: String) async throws {
        let directory = try TemporaryDirectory()
        let source = try directory.store()
        let lease = try #require(try await source.acquire(partitions: [0], owner: "a").first)
        try await source.commit(Fixtures.fullBatch(lease, tag: "source"))
        try await Self.withFreshPostgres { target in
            let held = try #require(try await target.acquire(partitions: [0], owner: "other-site").first)
            if holding == "batch" { try await target.commit(Fixtures.fullBatch(held, tag: "target")) }
            let before = try await target.contractDump()
            let error = await #expect(throws: StoreCopyError.self) {
                try await StoreCopy().run(from: source, to: target)
            }
            #expect(error?.code == .targetNotEmpty)
            #expect(error?.reason.contains("leases: 1") == true)
            #expect(error?.reason.contains("cases: 1") == (holding == "batch"))
            #expect(try await target.contractDump() == before)
        }
    }

    @Test("a copy that fails part-way commits nothing: the target stays empty and a second copy succeeds")
    func failedCopyLeavesTargetEmpty() async throws {
        let directory = try TemporaryDirectory()
        let source = try directory.store()
        _ = try Self.fill(source, cases: 300)
        let lease = try #require(try await source.acquire(partitions: [0], owner: "a").first)
        try await source.commit(StoreBatch(leases: [lease], outbox: [Fixtures.message("poison", "k")]))
        try await Self.withFreshPostgres { target in
            for statement in target.poisonOutboxStatements { try await target.contractExecute(statement) }
            let error = await #expect(throws: StoreError.self) {
                try await StoreCopy(chunkSize: 100).run(from: source, to: target)
            }
            #expect(error?.reason.contains("poisoned") == true)
            #expect(try await target.rowCounts().values.allSatisfy { $0 == 0 }, "cases and history were copied before the outbox failed")
            try await target.contractExecute("DROP TRIGGER poison ON outbox")
            let counts = try await StoreCopy(chunkSize: 100).run(from: source, to: target)
            #expect(counts.allSatisfy { $0.source == $0.target })
        }
    }

    // MARK: - Comparing

    /// Every read of the `StateStore` API, on both stores.
    static func expectSameAnswers(_ source: SQLiteStore, _ target: PostgresStore) async throws {
        let sourceCases = try await allCases(source)
        let targetCases = try await allCases(target)
        #expect(sourceCases.count > 0)
        #expect(sourceCases == targetCases, "listCases pages through the same cases, summaries and update times")
        let ids = sourceCases.map(\.id)
        #expect(try await source.caseStates(ids: ids) == target.caseStates(ids: ids))
        // The same groups; the order of the groups with a null column differs (SQLite sorts
        // nulls first, PostgreSQL last) and the protocol promises none.
        #expect(try await Set(source.caseCounts()) == Set(target.caseCounts()))
        for filter in [CaseFilter(status: .open), CaseFilter(workflow: "wf-1", version: 2), CaseFilter(unit: "tax"),
                       CaseFilter(overdueAt: 1_700_000_006_000)] {
            #expect(try await source.listCases(filter, after: nil, limit: 100_000) == target.listCases(filter, after: nil, limit: 100_000),
                    "\(filter)")
        }
        var historyCompared = 0
        for id in ids {
            let history = try await source.caseHistory(id: id, limit: 1_000)
            guard !history.isEmpty else { continue }
            #expect(try await target.caseHistory(id: id, limit: 1_000) == history, "history of \(id)")
            historyCompared += 1
        }
        #expect(historyCompared > 2_000)
        #expect(try await source.dueTimers(partitions: partitions, dueBy: .max, limit: 1_000_000)
            == target.dueTimers(partitions: partitions, dueBy: .max, limit: 1_000_000))
        #expect(try await source.nextTimerDue(partitions: partitions) == target.nextTimerDue(partitions: partitions))
        for partition in partitions {
            let pending = try await source.pendingOutbox(partitions: [partition], limit: 1_000_000)
            #expect(pending.contains { $0.message.key == nil } && pending.contains { $0.message.value == nil }, "partition \(partition)")
            #expect(try await target.pendingOutbox(partitions: [partition], limit: 1_000_000) == pending, "outbox of partition \(partition)")
        }
        #expect(try await source.metricRows(partitions: partitions) == target.metricRows(partitions: partitions))
        // The signed checkpoints move too: a moved site must still verify its history.
        let checkpoints = try await source.auditCheckpoints(partition: nil, newestOnly: false)
        #expect(checkpoints.count == 4 * 13)
        #expect(try await target.auditCheckpoints(partition: nil, newestOnly: false) == checkpoints)
        #expect(try await target.auditCheckpoints(partition: nil, newestOnly: true)
            == source.auditCheckpoints(partition: nil, newestOnly: true))
        let (s, t) = (try await source.statistics(), try await target.statistics())
        #expect((s.cases, s.timers, s.outboxDepth) == (t.cases, t.timers, t.outboxDepth))
    }

    static func allCases(_ store: some StateStore) async throws -> [CaseListing] {
        var listings: [CaseListing] = []
        var after: String?
        repeat {
            let page = try await store.listCases(CaseFilter(), after: after, limit: 1_000)
            listings += page.cases
            after = page.next
        } while after != nil
        return listings
    }

    static func withFreshPostgres(_ body: (PostgresStore) async throws -> Void) async throws {
        let server = try ThrowawayPostgres.shared()
        let configuration = try PostgresStoreConfiguration(url: server.url(database: try server.createDatabase(prefix: "copy")))
        try await PostgresStore.withStore(configuration: configuration, logger: quiet) { try await body($0) }
    }
}
