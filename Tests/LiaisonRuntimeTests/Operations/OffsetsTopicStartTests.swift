import Foundation
import LiaisonCore
@testable import LiaisonRuntime
import LiaisonStore
import Logging
import Testing

/// A store's input offsets are positions in one topic: a start that would read them in another
/// is refused before any record is read.
@Suite("A start that would read the store's offsets in another topic is refused")
struct OffsetsTopicStartTests {
    static func configuration(folder: String, direct: Bool) -> LiaisonConfiguration {
        var configuration = LiaisonConfiguration()
        configuration.store.path = folder + "/liaison.sqlite"
        configuration.topics.inputs = [.init(name: "dept.joint", units: ["alpha"], keyedByCase: direct ? .murmur2 : nil)]
        configuration.kafka.bootstrap = "127.0.0.1:1"
        configuration.admin.listen = "off"
        configuration.audit.signing = false
        return configuration
    }

    /// How the daemon refuses to start on `configuration`, if it does.
    static func refusal(of configuration: LiaisonConfiguration) async throws -> RuntimeError? {
        let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: BatchBuilderTests.workflow)], calendars: [])
        let daemon = Daemon(configuration: configuration, catalog: catalog, logger: StoreStartupCheckTests.quiet)
        return await StoreStartupCheckTests.outcome(of: daemon) as? RuntimeError
    }

    @Test(arguments: [true, false])
    func switchingBetweenOneAndTwoHopsOnAStoreWithOffsetsIsRefusedNamingBothTopics(toDirect: Bool) async throws {
        let temporary = try TemporaryFolder("offsets-topic")
        defer { temporary.cleanUp() }
        let folder = temporary.path
        let before = Self.configuration(folder: folder, direct: !toDirect)
        do {
            // A daemon in the earlier configuration: bound at its start, then committing offsets.
            let store = try SQLiteStore(path: before.store.path, logger: StoreStartupCheckTests.quiet)
            try await StoreStartupCheck.checkOffsetsTopic(store: store, topics: before.topics, logger: StoreStartupCheckTests.quiet)
            let lease = try await store.acquire(partitions: [0], owner: "earlier")
            try await store.commit(StoreBatch(leases: lease, offsets: [0: 120]))
        }
        let after = Self.configuration(folder: folder, direct: toDirect)
        let error = try #require(try await Self.refusal(of: after), "the daemon must refuse before it waits for Kafka")
        #expect(error.code == .badConfiguration)
        let (bound, reading) = toDirect ? ("liaison.inbound", "dept.joint") : ("dept.joint", "liaison.inbound")
        #expect(error.reason.contains("positions in topic '\(bound)'"), "\(error.reason)")
        #expect(error.reason.contains("'\(reading)'"), "\(error.reason)")
        #expect(error.reason.contains("new, empty store"), "\(error.reason)")
    }

    @Test func aStoreWrittenBeforeStoresRecordedTheirTopicBelongsToTheInboundTopic() async throws {
        let temporary = try TemporaryFolder("offsets-legacy")
        defer { temporary.cleanUp() }
        let folder = temporary.path
        let direct = Self.configuration(folder: folder, direct: true)
        let store = try SQLiteStore(path: direct.store.path, logger: StoreStartupCheckTests.quiet)
        let lease = try await store.acquire(partitions: [0], owner: "earlier")
        try await store.commit(StoreBatch(leases: lease, offsets: [0: 7]))
        await #expect(throws: RuntimeError.self) {
            try await StoreStartupCheck.checkOffsetsTopic(store: store, topics: direct.topics, logger: StoreStartupCheckTests.quiet)
        }
        // The same store in its own (two-hop) configuration starts, and stays bound to that topic.
        let twoHops = Self.configuration(folder: folder, direct: false)
        try await StoreStartupCheck.checkOffsetsTopic(store: store, topics: twoHops.topics, logger: StoreStartupCheckTests.quiet)
        #expect(try await store.bindOffsets(to: "anything", legacy: "other") == "liaison.inbound")
    }

    @Test func anEmptyStoreTakesWhicheverTopicItIsFirstStartedWith() async throws {
        let temporary = try TemporaryFolder("offsets-empty")
        defer { temporary.cleanUp() }
        let folder = temporary.path
        let direct = Self.configuration(folder: folder, direct: true)
        let store = try SQLiteStore(path: direct.store.path, logger: StoreStartupCheckTests.quiet)
        try await StoreStartupCheck.checkOffsetsTopic(store: store, topics: direct.topics, logger: StoreStartupCheckTests.quiet)
        try await StoreStartupCheck.checkOffsetsTopic(store: store, topics: direct.topics, logger: StoreStartupCheckTests.quiet)
        #expect(try await store.bindOffsets(to: "liaison.inbound", legacy: "liaison.inbound") == "dept.joint")
    }
}
