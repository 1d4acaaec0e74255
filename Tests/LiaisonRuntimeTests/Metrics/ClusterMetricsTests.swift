import Foundation
import LiaisonCore
@testable import LiaisonRuntime
import LiaisonStore
import Logging
import Testing

/// Scripted cases on two partitions, committed through `BatchBuilder` and the store as the
/// processor commits them, then published by `MetricsPublisher`: the numbers must be what the
/// script implies, merged across the partitions.
@Suite("Cluster metrics add up across partitions")
struct ClusterMetricsTests {
    let harness: MetricsHarness
    let t0 = Timestamp(rfc3339: "2026-03-02T01:00:00Z")!

    init() throws { harness = try MetricsHarness() }

    func at(_ minutes: Int) -> Timestamp { t0.adding(milliseconds: Int64(minutes) * 60_000) }

    /// C-1 on partition 0 closes on time; C-2 on partition 1 sees a decline, reminders, missed
    /// deadlines, a reassignment and a late acceptance.
    func runScript() async throws {
        let h = harness
        try await h.apply([h.record(0, "C-1", "gov.case.opened", "service-window", at(0), #"{"matter":"w"}"#),
                           h.record(1, "C-2", "gov.case.opened", "service-window", at(0), #"{"matter":"w"}"#)], now: at(0))
        try await h.apply([h.record(0, "C-1", "gov.task.accepted", "alpha", at(10)),
                           h.record(1, "C-2", "gov.task.declined", "alpha", at(5), #"{"reason":"not ours"}"#),
                           h.record(0, "C-1", "gov.task.rated", "lead-unit", at(15), #"{"unit":"alpha","score":4}"#),
                           h.record(0, "C-1", "gov.task.completed", "alpha", at(30), #"{"outcome":"approved"}"#),
                           h.record(0, "C-1", "gov.task.completed", "beta", at(40), #"{"outcome":"approved"}"#)], now: at(40))
        // Due by minute 61: reminders at 30 (alpha's, owed by the lead; beta's), beta's completion
        // reminder at 60, both accept deadlines at 60.
        try await h.fireTimers(now: at(61))
        try await h.apply([h.record(1, "C-2", "gov.task.reassigned", "lead-unit", at(70), #"{"from":"alpha","to":"gamma"}"#),
                           h.record(1, "C-2", "gov.task.accepted", "beta", at(80))], now: at(80))
        // Due by minute 125: gamma's accept reminder at 100, beta's completion deadline at 120.
        try await h.fireTimers(now: at(125))
    }

    @Test func theSnapshotOfEachUnitAndWorkflowIsWhatTheScriptImplies() async throws {
        try await runScript()
        let records = try await harness.publish(at: at(126))
        #expect(Set(records.keys.filter { MetricKey($0)?.window == nil }) == ["unit/alpha", "unit/beta", "unit/gamma", "unit/lead-unit", "workflow/w"])
        // Beside each total: today's (and yesterday's) day, the week, the month, rolling 30 days.
        #expect(records.keys.contains("unit/alpha/day/2026-03-02") && records.keys.contains("workflow/w/rolling30"))
        #expect(records["unit/alpha/rolling30"]?.data["declines"] == .integer(1))

        let alpha = try #require(records["unit/alpha"])
        #expect(alpha.tasks == ["assigned": 2, "accepted": 1, "completed": 1, "open": 0, "overdue": 0])
        #expect(alpha.data["declines"] == .integer(1) && alpha.data["reassignments"] == .integer(1))
        #expect(alpha.data["onTimeRate"] == .double(1))
        #expect(alpha.data["rating"]?["count"] == .integer(1) && alpha.data["rating"]?["mean"] == .double(4))
        #expect(alpha.close("acceptMilliseconds", "p50", to: 600_000))
        #expect(alpha.close("completionMilliseconds", "p99", to: 1_800_000))

        let beta = try #require(records["unit/beta"])
        #expect(beta.tasks == ["assigned": 2, "accepted": 2, "completed": 1, "open": 1, "overdue": 1])
        #expect(beta.data["reminders"] == .integer(2))
        #expect(beta.data["acceptMilliseconds"]?["count"] == .integer(2))
        #expect(beta.close("acceptMilliseconds", "p50", to: 2_400_000))
        #expect(beta.close("acceptMilliseconds", "p99", to: 4_800_000))
        #expect(beta.data["rating"]?["mean"] == .null)

        let gamma = try #require(records["unit/gamma"])
        #expect(gamma.tasks == ["assigned": 1, "accepted": 0, "completed": 0, "open": 1, "overdue": 0])
        #expect(gamma.data["reminders"] == .integer(1))
        #expect(records["unit/lead-unit"]?.data["reminders"] == .integer(1), "the declined task's reminder goes to the lead")

        let workflow = try #require(records["workflow/w"])
        #expect(workflow.tasks == ["assigned": 5, "accepted": 3, "completed": 2, "open": 2, "overdue": 1])
        #expect(workflow.data["cases"] == .object([("opened", .integer(2)), ("closed", .integer(1)), ("open", .integer(1))]))
        #expect(workflow.data["reminders"] == .integer(4))
        #expect(workflow.data["declines"] == .integer(1) && workflow.data["reassignments"] == .integer(1))
        #expect(workflow.id == "workflow/w/\(at(126).rfc3339)")
        #expect(workflow.type == "liaison.metrics.workflow")
    }

    @Test func eachPartitionKeepsItsOwnRowAndTheirMergeIsTheSnapshot() async throws {
        try await runScript()
        let rows = try await harness.store.metricRows(partitions: [0, 1])
        let alphaRows = rows.filter { $0.key == "unit/alpha" }
        #expect(alphaRows.map(\.partition) == [0, 1], "alpha has numbers from both cases' partitions")
        let parts = try alphaRows.map { try MetricContribution(decoding: $0.value) }
        #expect(parts[0][.completed] == 1 && parts[0][.declines] == 0)
        #expect(parts[1][.completed] == 0 && parts[1][.declines] == 1)
        let merged = MetricRows.merged(rows).numbers[MetricKey(.unit("alpha"))]
        #expect(merged == MetricContribution.merged(parts))
        #expect(merged?[.assigned] == 2)
    }

    @Test func anInstanceThatTakesAPartitionOverContinuesFromTheNumbersItsPreviousOwnerCommitted() async throws {
        try await runScript()
        let stale = harness.leases
        try harness.handOver(to: "second-instance")
        try await harness.apply([harness.record(1, "C-2", "gov.task.completed", "gamma", at(130), #"{"outcome":"approved"}"#)], now: at(130))
        let records = try await harness.publish(at: at(131))
        #expect(records["unit/gamma"]?.tasks == ["assigned": 1, "accepted": 1, "completed": 1, "open": 0, "overdue": 0])
        #expect(records["workflow/w"]?.tasks == ["assigned": 5, "accepted": 4, "completed": 3, "open": 1, "overdue": 1])
        // The previous owner's late batch is fenced: its metric rows are not written either.
        let before = try await harness.store.metricRows(partitions: [1])
        let late = StoreBatch(leases: stale.filter { $0.partition == 1 },
                              metricContributions: [MetricRow(partition: 1, key: "unit/gamma", value: MetricContribution().encoded())])
        #expect(throws: StoreError.self) { try harness.store.commit(late) }
        #expect(try await harness.store.metricRows(partitions: [1]) == before)
    }

    @Test func anInstanceThatDoesNotOwnPartitionZeroPublishesNothing() async throws {
        try await runScript()
        let records = try await harness.publish(at: at(126), owning: [1])
        #expect(records.isEmpty)
    }
}
