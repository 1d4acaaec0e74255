import LiaisonCore
import LiaisonKafka
import LiaisonStore
import Logging
import Synchronization
import Testing
@testable import LiaisonRuntime

/// The processor driven through its consumer seam by a script of events: no broker, a real store.
@Suite("The processor runs on a scripted consumer, without a broker")
struct ScriptedConsumerProcessorTests {
    @Test("polled records are committed, and a revocation releases their partition where they ended")
    func recordsThenRevocation() async throws {
        let folder = try TemporaryFolder("scripted-consumer")
        defer { folder.cleanUp() }
        let logger = Logger(label: "scripted-consumer-test")
        let store = try SQLiteStore(path: folder.file("store.sqlite"), logger: logger)
        let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: MetricsHarness.workflow)], calendars: [])
        var configuration = LiaisonConfiguration()
        configuration.instanceID = "first"
        configuration.processing.batchMaxWait = .milliseconds(10)
        let ownership = PartitionOwnership()
        ownership.gained(try await store.acquire(partitions: [0], owner: "first"))
        let start = Departments.now()
        func opening(_ caseID: String, offset: Int64) -> ConsumerEvent {
            let record = Departments.event("gov.case.opened", id: "open-\(caseID)", unit: "service-window", caseID: caseID,
                                           time: start, data: .object([("matter", "w")]))
            return .message(KafkaMessage(topic: "liaison.inbound", partition: 0, offset: offset, key: record.key,
                                         headers: record.headers, value: record.value, timestamp: start.milliseconds))
        }
        // The revocation comes while the first batch's commit is in flight.
        let consumer = ScriptedConsumer([
            [opening("A-1", offset: 0), opening("A-2", offset: 1)],
            [.revoked([TopicPartition(topic: "liaison.inbound", partition: 0)])],
        ])
        let processor = Processor(consumer: consumer, store: store, engine: Engine(catalog: catalog), ownership: ownership,
                                  configuration: configuration, doorbell: Doorbell(), metrics: RuntimeMetrics(), logger: logger)
        let running = Task { try await processor.run() }
        let deadline = ContinuousClock.now + .seconds(30)
        while consumer.polls < 4 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        running.cancel()
        _ = await running.result

        #expect(consumer.subscribed == [["liaison.inbound"]])
        #expect(consumer.closed, "a cancelled processor leaves the group")
        #expect(ownership.partitions.isEmpty)
        #expect(try await store.caseStates(ids: ["A-1", "A-2"]).count == 2)
        let next = try await store.acquire(partitions: [0], owner: "second").map(\.nextOffset)
        #expect(next == [2], "the partition's next owner starts after both records")
    }
}

/// A consumer that returns one scripted poll after another, then waits out each time-out.
private final class ScriptedConsumer: ConsumerEventSource {
    private let state: Mutex<(script: [[ConsumerEvent]], polls: Int, subscribed: [[String]], closed: Bool)>

    /// Creates a consumer whose polls return `script`, one element each, in order.
    init(_ script: [[ConsumerEvent]]) {
        state = Mutex((script: script, polls: 0, subscribed: [], closed: false))
    }

    /// How many times the processor polled.
    var polls: Int { state.withLock { $0.polls } }
    /// The topics of each subscription.
    var subscribed: [[String]] { state.withLock { $0.subscribed } }
    /// Whether the processor left the group.
    var closed: Bool { state.withLock { $0.closed } }

    func subscribe(topics: [String]) throws {
        state.withLock { $0.subscribed.append(topics) }
    }

    func poll(maxMessages: Int, timeout: Duration) async throws -> [ConsumerEvent] {
        let next: [ConsumerEvent]? = state.withLock { state in
            state.polls += 1
            return state.script.isEmpty ? nil : state.script.removeFirst()
        }
        if let next { return next }
        // As a quiet broker: nothing until the time-out, and no error when cancelled.
        try? await Task.sleep(for: timeout)
        return []
    }

    func close() async throws {
        state.withLock { $0.closed = true }
    }
}
