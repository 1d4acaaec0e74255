import Foundation
import LiaisonCore
import LiaisonHTTP
@testable import LiaisonRuntime
import LiaisonStore
import Testing

@Suite("Operators list cases by filter and read each case's history")
struct CaseViewTests {
    func source(_ fixture: OperatorFixture, now: Timestamp) -> DaemonAdminSource {
        var source = DaemonAdminSource(instanceID: "test", catalog: fixture.catalog, store: fixture.store, metrics: RuntimeMetrics())
        source.clock = { now }
        return source
    }

    @Test("a case's history lists each applied input and each output, in UTC and in the calendar's local time")
    func historyShowsInputsAndOutputsWithUTCAndLocalTimes() async throws {
        let fixture = try OperatorFixture()
        let accepted = fixture.t0.adding(milliseconds: 600_000)
        try fixture.commit([fixture.open("C-1")])
        try fixture.commit([fixture.record("gov.task.accepted", id: "acc-1", unit: "alpha", caseID: "C-1", at: accepted)], now: accepted)
        // Refused (not a party): not part of the case's history.
        try fixture.commit([fixture.record("gov.task.accepted", id: "x-1", unit: "gamma", caseID: "C-1", at: accepted)], now: accepted)

        let text = try #require(try await source(fixture, now: fixture.t0).caseJSON(id: "C-1"))
        let json = try JSONValue.parse(Array(text.utf8))
        #expect(json["timeZone"] == .string("Asia/Shanghai"))
        guard case .array(let history)? = json["history"] else { Issue.record("no history list in \(text)"); return }
        let inputs = history.filter { $0["kind"] == .string("input") }
        #expect(inputs.map { $0["type"]?.stringValue } == ["gov.case.opened", "gov.task.accepted"])
        #expect(inputs.map { $0["id"]?.stringValue } == ["open-C-1", "acc-1"])
        #expect(inputs.map { $0["unit"]?.stringValue } == ["service-window", "alpha"])
        #expect(inputs.first?["at"] == .string("2026-03-02T01:30:00Z"))
        #expect(inputs.first?["local"] == .string("2026-03-02T09:30:00+08:00"))
        #expect(inputs.last?["local"] == .string("2026-03-02T09:40:00+08:00"))
        let outputs = history.filter { $0["kind"] == .string("output") }
        #expect(outputs.contains { $0["topic"] == .string("liaison.assignments") && $0["type"] == .string("liaison.task.assigned") })
        #expect(outputs.contains { $0["topic"] == .string("liaison.cases") && $0["type"] == .string("liaison.case.opened") })
        #expect(outputs.allSatisfy { ($0["id"]?.stringValue ?? "").hasPrefix("C-1/") || $0["id"]?.stringValue?.hasPrefix("C-1") == true })
        let seqs = history.compactMap { value -> Int64? in if case .integer(let n)? = value["seq"] { return n } else { return nil } }
        #expect(seqs == Array(1...Int64(history.count)), "numbered in commit order")
    }

    @Test("the list filters by workflow, version, status, owing unit and overdue, and pages")
    func listFiltersAndPages() async throws {
        let fixture = try OperatorFixture()
        try fixture.commit([
            fixture.open("A", collaborators: ["alpha"]),
            fixture.open("B", collaborators: ["beta"]),
            fixture.open("C", collaborators: ["alpha", "beta"], at: fixture.t0.adding(milliseconds: 3 * 3_600_000)),
        ], now: fixture.t0.adding(milliseconds: 3 * 3_600_000))
        try fixture.commit([fixture.record("gov.case.withdrawn", id: "w-B", unit: "service-window", caseID: "B", data: #"{"reason":"r"}"#)],
                           now: fixture.t0.adding(milliseconds: 3 * 3_600_000))
        // A's and C's deadlines are 2 h after their opening: at t0 + 3.5 h only A is overdue.
        let source = source(fixture, now: fixture.t0.adding(milliseconds: 12_600_000))
        func ids(_ query: CaseListQuery) async throws -> [String] {
            try await source.caseList(query).cases.compactMap { try JSONValue.parse(Array($0.utf8))["case"]?.stringValue }
        }
        #expect(try await ids(CaseListQuery()) == ["A", "B", "C"])
        #expect(try await ids(CaseListQuery(status: .open)) == ["A", "C"])
        #expect(try await ids(CaseListQuery(status: .withdrawn)) == ["B"])
        #expect(try await ids(CaseListQuery(unit: "beta")) == ["C"])
        #expect(try await ids(CaseListQuery(unit: "alpha")) == ["A", "C"])
        #expect(try await ids(CaseListQuery(overdue: true)) == ["A"])
        #expect(try await ids(CaseListQuery(workflow: "permit", version: 1)) == ["A", "B", "C"])
        #expect(try await ids(CaseListQuery(version: 2)) == [])

        let first = try await source.caseList(CaseListQuery(limit: 2))
        #expect(first.after == "B")
        #expect(try await ids(CaseListQuery(after: first.after, limit: 2)) == ["C"])
        let a = try JSONValue.parse(Array(try #require(first.cases.first).utf8))
        #expect(a["status"] == .string("open"))
        #expect(a["openUnits"] == .array([.string("alpha")]))
        #expect(a["nextDeadline"] == .string("2026-03-02T03:30:00Z"))
        #expect(a["overdue"] == .bool(true))
    }

    @Test("a batch writes each case's summary and history with its state, bounded per case")
    func batchCarriesSummaryAndBoundedHistory() throws {
        let fixture = try OperatorFixture()
        let builder = try fixture.commit([fixture.open("C-1")])
        var again = BatchBuilder(engine: Engine(catalog: fixture.catalog), topics: fixture.topics, states: [:])
        again.historyPerCase = 3
        again.apply(fixture.open("C-2"), now: fixture.t0)
        let batch = again.finish(leases: [PartitionLease(partition: 0, epoch: 1, nextOffset: nil)])
        #expect(batch.historyPerCase == 3)
        #expect(batch.caseStates["C-2"]?.summary == CaseSummary(workflow: "permit", version: 1, status: .open, openUnits: ["alpha"],
                                                                   nextDeadline: fixture.t0.milliseconds + 7_200_000,
                                                                   openedAt: fixture.t0.milliseconds))
        #expect(batch.history.first?.kind == .input)
        #expect(batch.history.dropFirst().allSatisfy { $0.kind == .output })
        #expect(builder.refusals.isEmpty)
    }
}
