import LiaisonCore
import LiaisonStore

/// Folds the engine's transitions for many inputs into one store batch.
///
/// Inputs of one case are applied in order against the newest state, so a batch may hold several
/// events of the same case; the batch keeps only each case's final state.
///
/// Timers: the case state holds every pending mark of every task; the store holds one alarm
/// per case, at the earliest of them (``alarmID(of:)``). When an alarm fires, every mark of
/// its case that is due fires, in due order, and the alarm moves to the next one. A case's
/// alarm row is written only when its earliest due time changes, so an event costs the store at
/// most one timer write however many marks it schedules or cancels. Rows of the per-mark form
/// an older store holds fire the same way and then disappear.
struct BatchBuilder {
    let engine: Engine
    let topics: LiaisonConfiguration.Topics
    /// History records kept per case (`store.history_per_case`).
    var historyPerCase = StoreBatch.defaultHistoryPerCase
    /// Whether entries are linked into the audit chain (off only to measure its cost).
    var chained = true

    /// Decoded states: loaded from the store before the batch, updated as inputs apply.
    private var states: [String: CaseState]
    /// The states as loaded, whose summaries the store holds.
    private let loadedStates: [String: CaseState]
    private var changedCases: [String: Int32] = [:]
    private var deletedCases: [String: Int32] = [:]
    private var scheduled: [String: StoredTimer] = [:]
    private var cancelled: Set<String> = []
    private var outbox: [OutboxMessage] = []
    private var offsets: [Int32: Int64] = [:]
    private var firedPartitions: Set<Int32> = []
    /// Each touched case's earliest pending due time as loaded (what its stored alarm says).
    private var alarmBefore: [String: Int64?] = [:]
    /// Cases whose alarm row fired in this batch (and is deleted by it), with their partition.
    private var alarmFired: [String: Int32] = [:]
    /// How each input ended, for operator metrics.
    private(set) var outcomes: [InputOutcome] = []
    /// The engine's metric deltas of this batch, folded per partition and key; the processor
    /// adds them to the stored rows and writes those in the same batch (see `MetricRows`).
    private(set) var metricChanges: [Int32: [MetricKey: MetricContribution]] = [:]
    /// The calendar of every task of this batch whose deadlines left the calendar's covered
    /// years (see `Transition.uncoveredCalendars`).
    private(set) var uncoveredCalendars: [String] = []
    /// History records of this batch, in order, each linked into its case's audit chain; only
    /// those of cases whose state the batch writes are committed.
    private var history: [CaseHistoryEntry] = []
    /// Where each case's chain ends after the records of this batch so far. Computed from the
    /// head in the loaded state only, so a batch applied again after a crash links the same
    /// entries under the same numbers: a replay never forks a chain.
    private var chainHeads: [String: ChainHead] = [:]
    /// The engine's refusals of this batch, for the refusal log.
    private(set) var refusals: [EngineRefusal] = []
    /// The dead letters of this batch, for `GET /v1/deadletters` once it is committed.
    private(set) var deadLetterNotes: [DeadLetterNote] = []
    /// When the batch is computed; stamped on its dead letters.
    private var batchTime = Timestamp(milliseconds: 0)

    init(engine: Engine, topics: LiaisonConfiguration.Topics, states: [String: CaseState]) {
        self.engine = engine
        self.topics = topics
        self.states = states
        self.loadedStates = states
    }

    /// Applies one inbound record. A record whose event the engine refuses is dead-lettered,
    /// unchanged, with the reason; either way its offset is consumed.
    mutating func apply(_ record: InboundRecord, now: Timestamp) {
        batchTime = now
        offsets[record.partition] = record.offset + 1
        if let refused = record.refused {
            deadLetterNotes.append(DeadLetterNote(time: now, code: refused.code, stage: "router", source: refused.source,
                                                  caseID: nil, reason: refused.reason))
            outbox.append(refused.deadLetter)
            outcomes.append(.refusedUnread(refused.code))
            return
        }
        let event: CloudEvent
        do {
            event = try record.decodeEvent()
        } catch {
            deadLetter(record, code: error.code.rawValue, reason: error.reason)
            return
        }
        let before = states[record.caseID]
        let transition = engine.apply(.event(event), to: before, now: now)
        if let refusal = transition.refusal, refusal.event == nil {
            refusals.append(EngineRefusal(code: refusal.code, caseID: record.caseID, unit: event.unit, reason: refusal.reason))
            deadLetter(record, code: refusal.code.rawValue, reason: refusal.reason, caseID: record.caseID)
            // The case remembers the refused event: redelivered, it is a duplicate.
            absorb(transition, caseID: record.caseID, partition: record.partition)
            return
        }
        if !transition.duplicate, let after = transition.state, after.status != .inbox {
            chain(HistoryEntries.input(event, at: event.time ?? now, digest: AuditChain.digest(record.value ?? [])))
            recordReplays(before: before, after: after, transition: transition)
        }
        absorb(transition, caseID: record.caseID, partition: record.partition)
        outcomes.append(transition.duplicate ? .duplicate : .applied(event.type.rawValue))
    }

    /// The events that waited in the inbox and were applied when their case opened.
    private mutating func recordReplays(before: CaseState?, after: CaseState, transition: Transition) {
        guard let parked = before?.inbox, !parked.isEmpty else { return }
        let refused = Set(transition.replayRefusals.compactMap { $0.event.map { "\($0.unit)/\($0.id)" } })
        let waiting = Set(after.inbox.map { "\($0.event.unit)/\($0.event.id)" })
        for entry in parked {
            let key = "\(entry.event.unit)/\(entry.event.id)"
            guard !refused.contains(key), !waiting.contains(key) else { continue }
            chain(HistoryEntries.input(entry.event, at: entry.event.time ?? after.openedAt,
                                       digest: AuditChain.digest(entry.event.data.serialized), replayed: true))
        }
    }

    /// Fires an alarm row: every mark of its case due by `dueBy` fires, earliest first (ties by
    /// id); the row is deleted in the same batch and the case's next alarm scheduled.
    mutating func fire(_ timer: StoredTimer, dueBy: Int64, now: Timestamp) {
        batchTime = now
        noteAlarm(of: timer.caseID)
        cancel(timer.id)
        alarmFired[timer.caseID] = timer.partition
        firedPartitions.insert(timer.partition)
        var attempted: Set<String> = []
        while let state = states[timer.caseID],
              let next = state.pendingTimers.first(where: { $0.due.milliseconds <= dueBy && !attempted.contains($0.id) }) {
            attempted.insert(next.id)
            let transition = engine.apply(.timer(id: next.id, due: next.due), to: state, now: now)
            if state.status != .inbox {
                chain(HistoryEntries.timer(id: next.id, caseID: timer.caseID, due: next.due))
            }
            absorb(transition, caseID: timer.caseID, partition: timer.partition)
            outcomes.append(.timerFired(lateness: now.milliseconds(since: next.due)))
        }
    }

    /// The id of a case's alarm row.
    static func alarmID(of caseID: String) -> String { caseID + "/alarm" }

    /// Remembers a case's earliest pending due time before this batch first changes it.
    private mutating func noteAlarm(of caseID: String) {
        guard alarmBefore[caseID] == nil else { return }
        alarmBefore[caseID] = .some(states[caseID]?.earliestPendingDue?.milliseconds)
    }

    /// The batch to commit under `leases`.
    func finish(leases: [PartitionLease]) -> StoreBatch {
        var caseStates: [String: StoreBatch.CaseState] = [:]
        for (caseID, partition) in changedCases {
            guard let state = states[caseID] else { continue }
            let loaded = loadedStates[caseID]
            let unchanged = loaded.map { $0.status == state.status && $0.workflowID == state.workflowID && $0.version == state.version } ?? false
            caseStates[caseID] = StoreBatch.CaseState(partition: partition, state: state.encoded(), summary: state.storeSummary,
                                                      indexedSummaryUnchanged: unchanged)
        }
        var scheduled = scheduled
        var cancelled = cancelled
        for (caseID, before) in alarmBefore {
            guard let partition = changedCases[caseID] ?? deletedCases[caseID] ?? alarmFired[caseID] else { continue }
            let due = deletedCases[caseID] == nil ? states[caseID]?.earliestPendingDue?.milliseconds : nil
            let id = Self.alarmID(of: caseID)
            guard due != before || alarmFired[caseID] != nil else { continue }
            if let due {
                cancelled.remove(id)
                scheduled[id] = StoredTimer(id: id, partition: partition, caseID: caseID, due: due)
            } else {
                cancelled.insert(id)
            }
        }
        return StoreBatch(
            leases: leases,
            caseStates: caseStates,
            deletedCases: deletedCases,
            scheduledTimers: scheduled.values.sorted { $0.id < $1.id },
            cancelledTimers: cancelled.sorted(),
            outbox: outbox,
            offsets: offsets,
            history: history.filter { caseStates[$0.caseID] != nil },
            historyPerCase: historyPerCase
        )
    }

    /// The final state of every case this batch changes, for the processor's cache once the
    /// batch is committed.
    var changedStates: [String: CaseState] {
        var result: [String: CaseState] = [:]
        for caseID in changedCases.keys { result[caseID] = states[caseID] }
        return result
    }

    /// Cases this batch deletes.
    var deletedCaseIDs: Dictionary<String, Int32>.Keys { deletedCases.keys }

    /// Partitions this batch writes to; their leases must be current for it to commit.
    var touchedPartitions: Set<Int32> {
        Set(offsets.keys).union(changedCases.values).union(deletedCases.values).union(firedPartitions)
    }

    /// Whether nothing was applied.
    var isEmpty: Bool { outcomes.isEmpty && offsets.isEmpty }

    private mutating func absorb(_ transition: Transition, caseID: String, partition: Int32) {
        // Events that waited in the case inbox and were refused later (expired, or refused when
        // their case opened): their original record is long consumed, so the event itself is
        // dead-lettered, in structured mode.
        for refusal in [transition.refusal].compactMap({ $0 }) + transition.replayRefusals {
            guard let parked = refusal.event else { continue }
            refusals.append(EngineRefusal(code: refusal.code, caseID: caseID, unit: parked.unit, reason: refusal.reason))
            deadLetterNotes.append(DeadLetterNote(time: batchTime, code: refusal.code.rawValue, stage: "engine", source: nil,
                                                  caseID: caseID, reason: refusal.reason))
            outbox.append(Self.deadLetter(parked, partition: partition, topic: topics.deadletter, code: refusal.code.rawValue, reason: refusal.reason))
            outcomes.append(.refused(refusal.code.rawValue))
        }
        noteAlarm(of: caseID)
        if transition.deletesCase {
            states[caseID] = nil
            changedCases[caseID] = nil
            deletedCases[caseID] = partition
            // Its history goes with it: a case opened again under this id starts a new chain.
            chainHeads[caseID] = nil
            history.removeAll { $0.caseID == caseID }
        } else if var state = transition.state {
            // The engine never touches the chain head; carry it, whatever state it returned.
            state.chain = chainHeads[caseID] ?? states[caseID]?.chain
            states[caseID] = state
            changedCases[caseID] = partition
            deletedCases[caseID] = nil
        }
        uncoveredCalendars += transition.uncoveredCalendars
        // `transition.schedule` and `.cancel` are already in the state's pending marks: the
        // case's alarm is derived from them in `finish`.
        for delta in transition.metrics {
            for key in MetricKey.keys(of: delta) { metricChanges[partition, default: [:]][key, default: MetricContribution()].add(delta) }
        }
        for message in transition.outputs {
            // Serialized once: the outbox sends these bytes and the chain entry digests them.
            let value = message.value
            let topic = topics.name(of: message.topic)
            let link = chain(HistoryEntries.output(message, value: value, caseID: caseID, topic: topic))
            outbox.append(OutboxMessage(
                partition: partition,
                topic: topic,
                key: Array(message.key.utf8),
                headers: message.headers.map { OutboxMessage.Header(name: $0.0, value: $0.1) } + (link.map { link in [
                    OutboxMessage.Header(name: ChainHeaders.seq, value: Array(String(link.seq).utf8)),
                    OutboxMessage.Header(name: ChainHeaders.hash, value: Array(link.hash.utf8)),
                    OutboxMessage.Header(name: ChainHeaders.prev, value: Array(link.prevHash.utf8)),
                ] } ?? []),
                value: value
            ))
        }
    }

    /// Appends a history entry linked on from its case's chain head and moves the head (in the
    /// case state too, when the case has one already).
    @discardableResult
    private mutating func chain(_ entry: CaseHistoryEntry) -> CaseHistoryLink? {
        guard chained else {
            history.append(entry)
            return nil
        }
        let link = ChainHead.link(after: chainHeads[entry.caseID] ?? states[entry.caseID]?.chain, caseID: entry.caseID,
                                  at: entry.at, kind: entry.kind.rawValue, entry: entry.entry)
        chainHeads[entry.caseID] = link.head
        states[entry.caseID]?.chain = link.head
        var linked = entry
        linked.link = CaseHistoryLink(seq: link.seq, prevHash: Hex.encode(link.prevHash), hash: Hex.encode(link.hash))
        history.append(linked)
        return linked.link
    }

    /// A parked event, dead-lettered as a structured-mode CloudEvent with the reason.
    static func deadLetter(_ event: CloudEvent, partition: Int32, topic: String, code: String, reason: String) -> OutboxMessage {
        let headers: [(String, String)] = [
            ("content-type", "application/cloudevents+json"), (RecordHeaders.reasonCode, code),
            (RecordHeaders.refusedBy, "engine"),
        ]
        return OutboxMessage(partition: partition, topic: topic, key: Array(event.caseID.utf8),
                             headers: headers.map { .init(name: $0.0, value: Array($0.1.utf8)) }
                                 + [.init(name: RecordHeaders.reason, value: RecordHeaders.reasonValue(reason))],
                             value: event.structured.serialized)
    }

    private mutating func cancel(_ id: String) {
        scheduled[id] = nil
        cancelled.insert(id)
    }

    private mutating func deadLetter(_ record: InboundRecord, code: String, reason: String, caseID: String? = nil) {
        deadLetterNotes.append(DeadLetterNote(time: batchTime, code: code, stage: "engine", source: record.origin,
                                              caseID: caseID ?? record.caseID, reason: reason))
        outbox.append(record.deadLetter(topic: topics.deadletter, code: code, reason: reason, refusedBy: "engine"))
        outcomes.append(.refused(code))
    }
}

/// How one input ended, counted by the operator metrics.
enum InputOutcome: Equatable, Sendable {
    case applied(String)
    case duplicate
    case refused(String)
    /// Refused by the checks that need no case (a department topic read directly).
    case refusedUnread(String)
    case timerFired(lateness: Int64)
}
