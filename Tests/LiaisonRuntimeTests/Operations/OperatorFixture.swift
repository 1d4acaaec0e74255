import Foundation
import LiaisonCore
@testable import LiaisonRuntime
import LiaisonStore
import Logging

/// A store in a temporary folder, a workflow on the Asia/Shanghai calendar, and a way to feed
/// events through the batch builder and commit them, as the processing stage does.
final class OperatorFixture {
    static let calendar = """
        id: cn-test
        timezone: Asia/Shanghai
        workweek: [mon, tue, wed, thu, fri, sat, sun]
        hours: ["09:00-17:00"]
        """
    static func workflow(version: Int) -> String {
        """
        id: permit
        version: \(version)
        title: permit v\(version)
        start: { on: gov.case.opened, when: { matter: permit }, by: [service-window] }
        calendar: cn-test
        lead: lead-unit
        stages:
          - id: review
            parties: { from: data.collaborators, default: [alpha] }
            complete_within: 2h
            next: { approved: end, rejected: end }

        """
    }

    let folder: String
    let store: SQLiteStore
    let catalog: WorkflowCatalog
    let topics = LiaisonConfiguration.Topics()
    let t0 = Timestamp(rfc3339: "2026-03-02T01:30:00Z")!
    private var offset: Int64 = 0
    private let removesFolder: Bool

    /// A fixture in `folder` (default: a new temporary one), removed at the end unless
    /// `removesFolder` is false.
    init(versions: [Int] = [1], folder: String? = nil, removesFolder: Bool = true) throws {
        self.folder = folder ?? NSTemporaryDirectory() + "liaison-ops-\(UUID().uuidString.prefix(8))"
        self.removesFolder = removesFolder
        try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: self.folder + "/liaison.sqlite", logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        catalog = try Self.catalog(versions: versions)
    }

    static func catalog(versions: [Int]) throws -> WorkflowCatalog {
        try WorkflowCatalog.load(workflows: versions.map { SourceFile(path: "permit-\($0).yaml", text: workflow(version: $0)) },
                                 calendars: [SourceFile(path: "calendars/cn-test.yaml", text: calendar)])
    }

    deinit { if removesFolder { try? FileManager.default.removeItem(atPath: folder) } }

    func record(_ type: String, id: String, unit: String, caseID: String, at time: Timestamp? = nil, data: String = "{}") -> InboundRecord {
        offset += 1
        let headers: [(String, String)] = [
            ("ce_specversion", "1.0"), ("ce_id", id), ("ce_source", "/units/\(unit)"), ("ce_type", type),
            ("ce_subject", caseID), ("ce_time", (time ?? t0).rfc3339), ("content-type", "application/json"),
            (RecordHeaders.originTopic, "dept.\(unit)"), (RecordHeaders.originPartition, "2"), (RecordHeaders.originOffset, "\(offset + 100)"),
        ]
        return InboundRecord(partition: 0, offset: offset, caseID: caseID,
                             headers: headers.map { (name: $0.0, value: Array($0.1.utf8)) }, value: Array(data.utf8))
    }

    func open(_ caseID: String, collaborators: [String] = ["alpha"], at time: Timestamp? = nil) -> InboundRecord {
        let units = collaborators.map { "\"\($0)\"" }.joined(separator: ",")
        return record("gov.case.opened", id: "open-\(caseID)", unit: "service-window", caseID: caseID, at: time,
                      data: #"{"matter":"permit","title":"t","collaborators":[\#(units)]}"#)
    }

    /// Applies `records` in one batch against the stored states and commits it; returns the
    /// builder for a look at what it gathered.
    @discardableResult
    func commit(_ records: [InboundRecord], now: Timestamp? = nil, catalog: WorkflowCatalog? = nil) throws -> BatchBuilder {
        let stored = try store.caseStates(ids: Array(Set(records.map(\.caseID))))
        var states: [String: CaseState] = [:]
        for (id, bytes) in stored { states[id] = try CaseState(decoding: bytes) }
        var builder = BatchBuilder(engine: Engine(catalog: catalog ?? self.catalog), topics: topics, states: states)
        for record in records { builder.apply(record, now: now ?? t0) }
        let leases = try store.acquire(partitions: [0], owner: "test")
        try store.commit(builder.finish(leases: leases))
        return builder
    }
}
