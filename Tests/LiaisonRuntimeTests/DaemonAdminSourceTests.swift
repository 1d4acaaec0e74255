import Foundation
import LiaisonCore
import LiaisonHTTP
@testable import LiaisonRuntime
import LiaisonStore
import Logging
import Testing

@Suite("The daemon answers the admin endpoints from its store and counters")
struct DaemonAdminSourceTests {
    let folder: String
    let store: SQLiteStore
    let metrics = RuntimeMetrics()
    let catalog: WorkflowCatalog
    let source: DaemonAdminSource
    let t0 = Timestamp(rfc3339: "2026-03-02T01:30:00Z")!

    init() throws {
        folder = NSTemporaryDirectory() + "liaison-admin-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder + "/liaison.sqlite", logger: Logger(label: "test"))
        catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: BatchBuilderTests.workflow)], calendars: [])
        source = DaemonAdminSource(instanceID: "test-1", catalog: catalog, store: store, metrics: metrics)
    }

    /// Opens case `C-1` through the engine and commits it, as the processing stage would.
    func openCase() throws {
        let tests = try BatchBuilderTests()
        var builder = BatchBuilder(engine: Engine(catalog: catalog), topics: tests.topics, states: [:])
        builder.apply(tests.record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1,
                                   data: #"{"matter":"w","title":"t"}"#), now: t0)
        let leases = try store.acquire(partitions: [3], owner: "test-1")
        try store.commit(builder.finish(leases: leases))
    }

    @Test func readinessFailsUntilABrokerAnswersAndPartitionsAreAssignedThenPasses() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let before = await source.readiness()
        #expect(!before.passing)
        #expect(before.failures.contains("inbound partitions not assigned yet: waiting for the consumer group"))
        #expect(before.failures.contains("Kafka not reached yet"))
        #expect(before.checks.contains("store answers reads"))
        metrics.partitions(owned: 2, lagSeconds: [:])
        #expect(!(await source.readiness().passing), "owning partitions is not enough without a broker answering")
        metrics.kafkaContact(failure: nil)
        let after = await source.readiness()
        #expect(after.passing, "\(after)")
        #expect(after.checks.contains { $0.hasPrefix("Kafka reachable (a broker answered") })
        #expect(after.checks.contains("owns 2 inbound partitions"))
    }

    @Test func aBrokerAnswerOlderThanTheMaximumAgeMakesTheInstanceUnready() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        metrics.partitions(owned: 1, lagSeconds: [:])
        metrics.kafkaContact(failure: nil, at: .now - Readiness.contactMaxAge - .seconds(5))
        metrics.kafkaContact(failure: "Local: Broker transport failure")
        let result = await source.readiness()
        #expect(!result.passing)
        // The age is at least maxAge + 5 s; on a loaded machine the read may add seconds more.
        #expect(result.failures.contains { $0.hasPrefix("Kafka unreachable: no broker answered for ") && $0.contains("transport failure") }, "\(result)")
        metrics.kafkaContact(failure: nil)
        #expect(await source.readiness().passing)
    }

    @Test func losingEveryPartitionMakesTheInstanceUnreadyUntilTheGroupAssignsAgain() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        metrics.kafkaContact(failure: nil)
        metrics.partitions(owned: 2, lagSeconds: [:])
        metrics.partitions(owned: 0, lagSeconds: [0: 0, 1: 0])
        let lost = await source.readiness()
        #expect(lost.failures == ["owns no inbound partition: its partitions were revoked or lost and the consumer group has not assigned any again"])
        metrics.partitions(owned: 0, lagSeconds: [:])
        let none = await source.readiness()
        #expect(none.passing, "a group with more members than partitions legitimately gives one none")
        #expect(none.checks.contains { $0.hasPrefix("the consumer group assigned this instance no inbound partition") })
    }

    @Test func aFailingKafkaPollMakesTheInstanceUnreadyUntilAPollSucceeds() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        metrics.kafkaContact(failure: nil)
        metrics.partitions(owned: 1, lagSeconds: [:])
        metrics.kafkaPolled(failure: "all brokers down")
        #expect(await source.readiness().failures == ["Kafka poll failing: all brokers down"])
        metrics.kafkaPolled(failure: nil)
        #expect(await source.readiness().passing)
    }

    @Test func healthNamesTheVersionAndCommit() async {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(await source.health().checks.contains("version \(BuildInfo.version) commit \(BuildInfo.commit)"))
    }

    @Test func aStoredCaseIsSummarizedWithItsWorkflowStageAndTasks() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try openCase()
        let text = try #require(try await source.caseJSON(id: "C-1"))
        let json = try JSONValue.parse(Array(text.utf8))
        #expect(json["case"] == .string("C-1"))
        #expect(json["workflow"] == .string("w"))
        #expect(json["version"] == .integer(1))
        #expect(json["status"] == .string("open"))
        #expect(json["stage"] == .string("review"))
        #expect(json["lead"] == .string("lead-unit"))
        guard case .array(let tasks)? = json["tasks"] else { Issue.record("no tasks in \(text)"); return }
        #expect(tasks.count == 1)
        #expect(tasks.first?["unit"] == .string("alpha"))
        #expect(tasks.first?["state"] == .string("assigned"))
        #expect(tasks.first?["completeBy"] == .string(t0.adding(milliseconds: 3_600_000).rfc3339))
        #expect(json["counts"]?["eventsDecided"] == .integer(1))
        #expect(json["counts"]?["stageVisits"] == .array([.object([("stage", .string("review")), ("visits", .integer(1))])]))
    }

    @Test func anUnknownCaseIsNil() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try openCase()
        #expect(try await source.caseJSON(id: "C-404") == nil)
    }

    @Test func workflowsListIdVersionAndStages() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let json = try JSONValue.parse(Array(await source.workflowsJSON().utf8))
        guard case .array(let list)? = json["workflows"] else { Issue.record("no list"); return }
        #expect(list.count == 1)
        #expect(list.first?["id"] == .string("w"))
        #expect(list.first?["version"] == .integer(1))
        #expect(list.first?["newest"] == .bool(true))
        #expect(list.first?["stages"] == .array([.string("review")]))
    }
}
