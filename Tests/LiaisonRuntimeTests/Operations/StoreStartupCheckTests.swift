import Foundation
import LiaisonCore
@testable import LiaisonRuntime
import LiaisonStore
import Logging
import Testing

@Suite("At start the daemon counts open cases per workflow version and refuses to orphan them")
struct StoreStartupCheckTests {
    static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("removing a version that still has open cases is refused at start, listing it and naming the override")
    func daemonRefusesToStartWithOrphanedOpenCases() async throws {
        let folder = NSTemporaryDirectory() + "liaison-orphans-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            // Closed at the end of this scope, releasing the store's lock for the daemon.
            let fixture = try OperatorFixture(versions: [1], folder: folder, removesFolder: false)
            try fixture.commit([fixture.open("A"), fixture.open("B")])
        }
        var configuration = LiaisonConfiguration()
        configuration.store.path = folder + "/liaison.sqlite"
        configuration.topics.inputs = [.init(name: "dept.alpha", units: ["alpha"])]
        configuration.kafka.bootstrap = "127.0.0.1:1"
        configuration.admin.listen = "off"
        configuration.audit.signing = false
        let daemon = Daemon(configuration: configuration, catalog: try OperatorFixture.catalog(versions: [2]), logger: Self.quiet)
        let outcome = await Self.outcome(of: daemon)
        let error = try #require(outcome as? RuntimeError, "the daemon must refuse before it waits for Kafka; got \(String(describing: outcome))")
        #expect(error.code == .orphanedCases)
        #expect(error.reason.contains("permit version 1 (2 open cases)"), "\(error.reason)")
        #expect(error.reason.contains("--allow-orphaned-cases"))
        #expect(error.reason.contains("LIAISON_ALLOW_ORPHANED_CASES"))
    }

    @Test("with the override the check reports the orphans instead of refusing, and counts each loaded version")
    func overrideReportsOrphansAndLoadedCounts() async throws {
        let fixture = try OperatorFixture(versions: [1])
        try fixture.commit([fixture.open("A"), fixture.open("B")])
        try fixture.commit([fixture.record("gov.case.withdrawn", id: "w-B", unit: "service-window", caseID: "B", data: #"{"reason":"r"}"#)])
        let catalog = try OperatorFixture.catalog(versions: [2, 3])
        let report = try await StoreStartupCheck.checkWorkflowVersions(store: fixture.store, catalog: catalog, workflowsFolder: "W",
                                                                       allowOrphans: true, logger: Self.quiet)
        #expect(report.orphans == [.init(workflow: "permit", version: 1, open: 1)], "a withdrawn case is no orphan")
        #expect(report.loaded == [.init(workflow: "permit", version: 2, open: 0), .init(workflow: "permit", version: 3, open: 0)])
        let loaded = try await StoreStartupCheck.checkWorkflowVersions(store: fixture.store, catalog: fixture.catalog, workflowsFolder: "W",
                                                                       allowOrphans: false, logger: Self.quiet)
        #expect(loaded.loaded == [.init(workflow: "permit", version: 1, open: 1)])
        #expect(loaded.orphans.isEmpty)
    }

    @Test("rows written before summaries existed are backfilled from their states, in batches")
    func rowsWithoutSummaryAreBackfilled() async throws {
        let fixture = try OperatorFixture()
        try fixture.commit([fixture.open("A"), fixture.open("B"), fixture.open("C")])
        // Rewrite the rows as a store written before migration 2 has them: no summary.
        let states = try await fixture.store.caseStates(ids: ["A", "B", "C"])
        let leases = try await fixture.store.acquire(partitions: [0], owner: "test")
        try await fixture.store.commit(StoreBatch(leases: leases, caseStates: states.mapValues { .init(partition: 0, state: $0) }))
        try await fixture.store.commit(StoreBatch(leases: leases, caseStates: ["junk": .init(partition: 0, state: [0xFF, 0x00])]))
        #expect(try await fixture.store.caseCounts().first { $0.status == nil }?.count == 4)

        let result = try await StoreStartupCheck.backfillSummaries(store: fixture.store, logger: Self.quiet, batch: 2)
        #expect(result.filled == 3)
        #expect(result.unreadable == 1)
        let counts = try await fixture.store.caseCounts()
        #expect(counts.contains(CaseCount(workflow: "permit", version: 1, status: .open, count: 3)))
        #expect(counts.contains(CaseCount(workflow: nil, version: nil, status: nil, count: 1)), "the unreadable row stays unknown")
    }
}

extension StoreStartupCheckTests {
    /// How `daemon.run()` ends when it refuses at start; a daemon that got as far as waiting
    /// for Kafka (which these tests never start) is given up after 30 s, a bound and not a
    /// timing check, and reported as `CancellationError`.
    static func outcome(of daemon: Daemon) async -> (any Error)? {
        await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                do { try await daemon.run(); return nil } catch { return error }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(30))
                return CancellationError()
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
