import LiaisonCore
@testable import LiaisonRuntime
import LiaisonStore
import Testing

@Suite("A batch folds the engine's transitions into one store commit")
struct BatchBuilderTests {
    static let workflow = """
        id: w
        version: 1
        title: batch test
        start: { on: gov.case.opened, when: { matter: w }, by: [service-window] }
        lead: lead-unit
        supervisor: boss
        stages:
          - id: review
            parties: [alpha]
            complete_within: 1h
            remind_at: [50%]
            next: { approved: end, rejected: end }

        """
    let engine: Engine
    let topics = LiaisonConfiguration.Topics()
    let t0 = Timestamp(rfc3339: "2026-03-02T01:30:00Z")!

    init() throws {
        let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: Self.workflow)], calendars: [])
        engine = Engine(catalog: catalog, settings: EngineSettings(inboxTTL: .seconds(60)))
    }

    func record(_ type: String, caseID: String = "C-1", id: String, unit: String, offset: Int64, data: String = "{}") -> InboundRecord {
        let headers: [(String, String)] = [
            ("ce_specversion", "1.0"), ("ce_id", id), ("ce_source", "/units/\(unit)"), ("ce_type", type),
            ("ce_subject", caseID), ("ce_time", t0.rfc3339), ("content-type", "application/json"),
        ]
        return InboundRecord(partition: 3, offset: offset, caseID: caseID,
                             headers: headers.map { (name: $0.0, value: Array($0.1.utf8)) }, value: Array(data.utf8))
    }

    @Test func eventsOfOneCaseApplyInOrderAndOnlyTheFinalStateAndTimersAreWritten() throws {
        var builder = BatchBuilder(engine: engine, topics: topics, states: [:])
        builder.apply(record("gov.case.opened", id: "o-1", unit: "service-window", offset: 10, data: #"{"matter":"w","title":"t"}"#), now: t0)
        builder.apply(record("gov.task.completed", id: "a-1", unit: "alpha", offset: 11, data: #"{"outcome":"approved"}"#), now: t0)
        let lease = PartitionLease(partition: 3, epoch: 1, nextOffset: nil)
        let batch = builder.finish(leases: [lease])
        #expect(batch.offsets == [3: 12])
        #expect(batch.caseStates.keys.sorted() == ["C-1"])
        #expect(batch.scheduledTimers.isEmpty, "the completion cancelled what the opening scheduled")
        #expect(Set(batch.cancelledTimers).isDisjoint(with: batch.scheduledTimers.map(\.id)))
        let types = batch.outbox.compactMap { message in message.headers.first { $0.name == "ce_type" }?.value }
            .map { String(decoding: $0, as: UTF8.self) }
        #expect(types.first == "liaison.case.opened")
        #expect(types.last == "liaison.case.closed")
        #expect(builder.touchedPartitions == [3])
    }

    @Test func aWriteSaysWhetherTheWorkflowVersionAndStatusTheStoreHoldsStayTheSame() throws {
        let lease = PartitionLease(partition: 3, epoch: 1, nextOffset: nil)
        var opening = BatchBuilder(engine: engine, topics: topics, states: [:])
        opening.apply(record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#), now: t0)
        #expect(opening.finish(leases: [lease]).caseStates["C-1"]?.indexedSummaryUnchanged == false, "a new case")
        let opened = try #require(opening.changedStates["C-1"])

        var accepting = BatchBuilder(engine: engine, topics: topics, states: ["C-1": opened])
        accepting.apply(record("gov.task.accepted", id: "a-1", unit: "alpha", offset: 2), now: t0)
        #expect(accepting.finish(leases: [lease]).caseStates["C-1"]?.indexedSummaryUnchanged == true, "still open")

        var closing = BatchBuilder(engine: engine, topics: topics, states: ["C-1": opened])
        closing.apply(record("gov.task.completed", id: "c-1", unit: "alpha", offset: 2, data: #"{"outcome":"approved"}"#), now: t0)
        #expect(closing.finish(leases: [lease]).caseStates["C-1"]?.indexedSummaryUnchanged == false, "closed")
    }

    @Test func aRepeatedEventIdChangesNothingAndIsNotDeadLettered() throws {
        var builder = BatchBuilder(engine: engine, topics: topics, states: [:])
        builder.apply(record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#), now: t0)
        let first = builder.finish(leases: []).outbox.count
        builder.apply(record("gov.case.opened", id: "o-1", unit: "service-window", offset: 2, data: #"{"matter":"w","title":"t"}"#), now: t0)
        let batch = builder.finish(leases: [])
        #expect(batch.outbox.count == first)
        #expect(batch.offsets == [3: 3])
        #expect(builder.outcomes.last == .duplicate)
    }

    @Test func anEventTheCaseRefusesIsDeadLetteredUnchangedWithItsReason() throws {
        var builder = BatchBuilder(engine: engine, topics: topics, states: [:])
        builder.apply(record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#), now: t0)
        let intruder = record("gov.task.completed", id: "x-1", unit: "gamma", offset: 2, data: #"{"outcome":"approved"}"#)
        builder.apply(intruder, now: t0)
        let letter = try #require(builder.finish(leases: []).outbox.last)
        #expect(letter.topic == topics.deadletter)
        #expect(letter.value == intruder.value)
        #expect(letter.headers.contains { $0.name == RecordHeaders.reasonCode && $0.value == Array("not-a-party".utf8) })
    }

    @Test func anEventWhoseCaseNeverOpensIsDeadLetteredWhenItsInboxTimerFires() throws {
        var builder = BatchBuilder(engine: engine, topics: topics, states: [:])
        builder.apply(record("gov.task.accepted", id: "early-1", unit: "alpha", offset: 1), now: t0)
        let parked = builder.finish(leases: [])
        let timer = try #require(parked.scheduledTimers.first, "the parked event's case has an alarm for its expiry")
        #expect(parked.scheduledTimers.map(\.id) == ["C-1/alarm"])
        #expect(parked.outbox.isEmpty)

        let state = try CaseState(decoding: try #require(parked.caseStates["C-1"]).state)
        var later = BatchBuilder(engine: engine, topics: topics, states: ["C-1": state])
        later.fire(timer, dueBy: timer.due, now: Timestamp(milliseconds: timer.due))
        let batch = later.finish(leases: [])
        let letter = try #require(batch.outbox.first)
        #expect(letter.topic == topics.deadletter)
        #expect(letter.headers.contains { $0.name == RecordHeaders.reasonCode && $0.value == Array("inbox-expired".utf8) })
        let event = try CloudEvent.decode(structured: try #require(letter.value))
        #expect(event.id == "early-1")
        #expect(batch.cancelledTimers.contains(timer.id), "a fired alarm is deleted in the same commit")
        #expect(batch.deletedCases.keys.contains("C-1"), "the inbox that expired leaves no row")
    }

    @Test func aCaseHasOneAlarmAtItsEarliestMarkWhateverItsTasksSchedule() throws {
        var builder = BatchBuilder(engine: engine, topics: topics, states: [:])
        builder.apply(record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#), now: t0)
        let batch = builder.finish(leases: [])
        // The task has a reminder at 50% and its deadline: one row, at the reminder.
        #expect(batch.scheduledTimers.map(\.id) == ["C-1/alarm"])
        #expect(batch.scheduledTimers.first?.due == t0.adding(milliseconds: 1_800_000).milliseconds)
        #expect(batch.cancelledTimers.isEmpty)
    }

    @Test func anEventThatLeavesTheEarliestMarkWhereItWasWritesNoTimerRow() throws {
        var opening = BatchBuilder(engine: engine, topics: topics, states: [:])
        opening.apply(record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#), now: t0)
        let state = try CaseState(decoding: try #require(opening.finish(leases: []).caseStates["C-1"]).state)
        var next = BatchBuilder(engine: engine, topics: topics, states: ["C-1": state])
        next.apply(record("gov.task.accepted", id: "a-1", unit: "alpha", offset: 2), now: t0.adding(milliseconds: 60_000))
        let batch = next.finish(leases: [])
        #expect(batch.caseStates.keys.contains("C-1"))
        #expect(batch.scheduledTimers.isEmpty && batch.cancelledTimers.isEmpty)
    }

    @Test func anAlarmFiresEveryDueMarkOfItsCaseInOrderAndMovesToTheNext() throws {
        var opening = BatchBuilder(engine: engine, topics: topics, states: [:])
        opening.apply(record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#), now: t0)
        let first = opening.finish(leases: [])
        let alarm = try #require(first.scheduledTimers.first)
        let state = try CaseState(decoding: try #require(first.caseStates["C-1"]).state)
        // Fired late, after the reminder and the deadline are both due: both fire, in order.
        let late = t0.adding(milliseconds: 2 * 3_600_000)
        var firing = BatchBuilder(engine: engine, topics: topics, states: ["C-1": state])
        firing.fire(alarm, dueBy: late.milliseconds, now: late)
        let batch = firing.finish(leases: [])
        let types = batch.outbox.compactMap { message in message.headers.first { $0.name == "ce_type" }?.value }
            .map { String(decoding: $0, as: UTF8.self) }
        #expect(types == ["liaison.task.reminder", "liaison.task.escalated"] || types.first == "liaison.task.reminder", "\(types)")
        #expect(firing.outcomes.filter { if case .timerFired = $0 { return true } else { return false } }.count >= 2)
        #expect(batch.cancelledTimers.contains("C-1/alarm") && batch.scheduledTimers.isEmpty)

        // Fired on time, only the reminder is due: the alarm moves to the deadline.
        var onTime = BatchBuilder(engine: engine, topics: topics, states: ["C-1": state])
        onTime.fire(alarm, dueBy: alarm.due, now: Timestamp(milliseconds: alarm.due))
        let moved = onTime.finish(leases: [])
        #expect(moved.scheduledTimers.map(\.id) == ["C-1/alarm"])
        #expect(moved.scheduledTimers.first?.due == t0.adding(milliseconds: 3_600_000).milliseconds)
    }
}
