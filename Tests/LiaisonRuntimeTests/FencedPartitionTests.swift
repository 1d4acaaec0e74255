import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonStore
import Logging
import Synchronization
import Testing
@testable import LiaisonRuntime

/// An instance whose commit is refused because another instance took one of its partitions
/// gives up that partition alone and goes on with the others, instead of stopping.
@Suite("A fenced commit drops only the partitions that moved", .serialized)
struct FencedPartitionTests {
    @Test func aProcessorFencedOnOnePartitionDropsItAndKeepsCommittingTheOther() async throws {
        let mock = try MockCluster()
        try mock.createTopic("liaison.inbound", partitions: 2)
        let folder = try TemporaryFolder("fenced")
        defer { folder.cleanUp() }
        let logger = Logger(label: "fenced-test")
        let store = try SQLiteStore(path: folder.file("store.sqlite"), logger: logger)
        let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: MetricsHarness.workflow)], calendars: [])
        var configuration = LiaisonConfiguration()
        configuration.instanceID = "first"
        configuration.processing.batchMaxWait = .milliseconds(10)
        let kafka = KafkaConfiguration(bootstrapServers: mock.bootstrapServers, clientID: "fenced-test")
        let ownership = PartitionOwnership()
        // Right after this instance leased both partitions, and before it reads a record,
        // another instance takes partition 1 (as after a rebalance this one has not seen yet).
        let consumer = try KafkaConsumer(
            configuration: kafka, groupID: "fenced",
            startOffsets: Processor.startOffsets(store: store, ownership: ownership, owner: "first", gained: {
                _ = try? waitBlocking { try await store.acquire(partitions: [1], owner: "second") }
            }, logger: logger),
            logger: logger)
        let processor = Processor(consumer: consumer, store: store, engine: Engine(catalog: catalog), ownership: ownership,
                                  configuration: configuration, doorbell: Doorbell(), metrics: RuntimeMetrics(), logger: logger)
        let producer = try KafkaProducer(configuration: kafka)
        let start = Departments.now()
        func opening(_ caseID: String, partition: Int32) -> KafkaRecord {
            var record = Departments.event("gov.case.opened", id: "open-\(caseID)", unit: "service-window", caseID: caseID,
                                           time: start, data: .object([("matter", "w")]))
            record.topic = "liaison.inbound"
            record.partition = partition
            return record
        }
        // Both partitions have records waiting before the first poll, so the first batch holds both.
        try await Departments.publish([opening("KEPT-1", partition: 0), opening("MOVED-1", partition: 1)], with: producer)

        let ended = Outcome()
        let running = Task {
            do {
                try await processor.run()
                ended.set("returned")
            } catch {
                ended.set("stopped: \(error)")
            }
        }
        defer { running.cancel() }
        try await Self.waitUntil("KEPT-1 is committed") { try await store.caseStates(ids: ["KEPT-1"]).count == 1 || ended.value != nil }
        try await Departments.publish([opening("KEPT-2", partition: 0), opening("MOVED-2", partition: 1)], with: producer)
        try await Self.waitUntil("KEPT-2 is committed") { try await store.caseStates(ids: ["KEPT-2"]).count == 1 || ended.value != nil }

        #expect(ended.value == nil, "the processor carries on after the fenced commit")
        #expect(try await store.caseStates(ids: ["KEPT-1", "KEPT-2"]).count == 2, "partition 0's records are committed")
        #expect(try await store.caseStates(ids: ["MOVED-1", "MOVED-2"]).isEmpty, "nothing reaches the store for partition 1")
        #expect(ownership.partitions == [0], "partition 1 is given up until Kafka assigns it again")
        running.cancel()
        await running.value
        let offsets = try await store.acquire(partitions: [0, 1], owner: "check").map(\.nextOffset)
        #expect(offsets == [2, nil], "partition 1's offset stays where its new owner finds it")
        try await producer.close()
    }

    /// How the processor's run ended, once it has.
    final class Outcome: Sendable {
        private let text = Mutex<String?>(nil)
        func set(_ value: String) { text.withLock { $0 = value } }
        var value: String? { text.withLock { $0 } }
    }

    private static func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError("not true after \(timeout): \(what)")
    }
}
