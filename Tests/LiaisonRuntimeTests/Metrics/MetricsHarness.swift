import Foundation
import LiaisonCore
@testable import LiaisonRuntime
import LiaisonStore
import Logging
import Synchronization

/// A store in a temporary folder and the processor's commit path, for metrics tests.
///
/// Checked `Sendable`: the leases held and the next offset of each partition, the only state
/// that changes, are behind a `Mutex`.
final class MetricsHarness: Sendable {
    static let workflow = """
        id: w
        version: 1
        title: metrics test
        start: { on: gov.case.opened, when: { matter: w }, by: [service-window] }
        lead: lead-unit
        stages:
          - id: review
            parties: [alpha, beta]
            accept_within: 1h
            complete_within: 2h
            remind_at: [50%]
            next: { approved: end, rejected: end }

        """

    let folder: URL
    let store: SQLiteStore
    let engine: Engine

    let topics = LiaisonConfiguration.Topics()
    private let heldLeases: Mutex<[PartitionLease]>
    private let offsets = Mutex<[Int32: Int64]>([:])

    /// The leases the commits carry: of the first instance, or of whoever ``handOver(to:)`` named.
    var leases: [PartitionLease] { heldLeases.withLock { $0 } }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path, logger: Logger(label: "test"))
        heldLeases = Mutex(try store.acquire(partitions: [0, 1], owner: "test"))
        let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: Self.workflow)], calendars: [])
        engine = Engine(catalog: catalog)
    }

    /// Another instance takes every partition over (new epochs), as after a rebalance.
    func handOver(to owner: String) throws {
        let acquired = try store.acquire(partitions: [0, 1], owner: owner)
        heldLeases.withLock { $0 = acquired }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A department event on `partition`, with the next offset of that partition.
    func record(_ partition: Int32, _ caseID: String, _ type: String, _ unit: String, _ time: Timestamp,
                _ data: String = "{}") -> InboundRecord {
        let offset = offsets.withLock { offsets in
            let next = offsets[partition, default: 0]
            offsets[partition] = next + 1
            return next
        }
        let headers: [(String, String)] = [
            ("ce_specversion", "1.0"), ("ce_id", "\(caseID)-\(offset)"), ("ce_source", "/units/\(unit)"), ("ce_type", type),
            ("ce_subject", caseID), ("ce_time", time.rfc3339), ("content-type", "application/json"),
        ]
        return InboundRecord(partition: partition, offset: offset, caseID: caseID,
                             headers: headers.map { (name: $0.0, value: Array($0.1.utf8)) }, value: Array(data.utf8))
    }

    /// Applies records and fires timers in one batch, committing as the processor does.
    func apply(_ records: [InboundRecord], timers: [StoredTimer] = [], now: Timestamp) async throws {
        var states: [String: CaseState] = [:]
        for (id, bytes) in try await store.caseStates(ids: Array(Set(records.map(\.caseID) + timers.map(\.caseID)))) {
            states[id] = try CaseState(decoding: bytes)
        }
        var builder = BatchBuilder(engine: engine, topics: topics, states: states)
        for record in records { builder.apply(record, now: now) }
        for timer in timers { builder.fire(timer, dueBy: now.milliseconds, now: now) }
        var batch = builder.finish(leases: leases)
        let changes = builder.metricChanges
        batch.metricContributions = MetricRows.updated(stored: try await store.metricRows(partitions: Array(changes.keys)),
                                                       changes: changes).rows
        try await store.commit(batch)
    }

    /// Fires every timer due by `now`, one at a time in due order (each may schedule others).
    func fireTimers(now: Timestamp) async throws {
        while let timer = try await store.dueTimers(partitions: [0, 1], dueBy: now.milliseconds, limit: 1).first {
            try await apply([], timers: [timer], now: Timestamp(milliseconds: timer.due))
        }
    }

    /// Runs the publisher once as an instance owning `owned`, and reads back what it queued.
    func publish(at now: Timestamp, owning owned: [Int32] = [0, 1]) async throws -> [String: PublishedSnapshot] {
        let before = try await store.pendingOutbox(partitions: [0], limit: 100_000).count
        let ownership = PartitionOwnership()
        ownership.gained(leases.filter { owned.contains($0.partition) })
        let publisher = MetricsPublisher(store: store, ownership: ownership, configuration: LiaisonConfiguration(),
                                         inboundPartitions: 2, doorbell: Doorbell(), logger: Logger(label: "test"))
        try await publisher.publish(at: now)
        var result: [String: PublishedSnapshot] = [:]
        for entry in try await store.pendingOutbox(partitions: [0], limit: 100_000).dropFirst(before) where entry.message.topic == topics.metrics {
            let snapshot = try PublishedSnapshot(entry.message)
            result[snapshot.key] = snapshot
        }
        return result
    }
}

/// One queued `liaison.metrics` record, decoded.
struct PublishedSnapshot {
    let key: String
    let id: String
    let type: String
    let data: JSONValue

    init(_ message: OutboxMessage) throws {
        func header(_ name: String) -> String {
            message.headers.first { $0.name == name }?.value.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        key = String(decoding: message.key ?? [], as: UTF8.self)
        id = header("ce_id")
        type = header("ce_type")
        data = try JSONValue.parse(message.value ?? [])
    }

    /// The task counters as a dictionary.
    var tasks: [String: Int64] {
        guard case .object(let fields)? = data["tasks"] else { return [:] }
        var result: [String: Int64] = [:]
        for (name, value) in fields { if case .integer(let n) = value { result[name] = n } }
        return result
    }

    /// Whether a percentile is within the histogram's relative error of `expected`.
    func close(_ distribution: String, _ percentile: String, to expected: Int64) -> Bool {
        guard case .integer(let value)? = data[distribution]?[percentile] else { return false }
        return abs(Double(value - expected)) <= Double(expected) * DurationHistogram.relativeError + 1
    }
}
