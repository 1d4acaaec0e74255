@testable import LiaisonStore

extension StoreCopyTests {
    /// Fills `store` through the ordinary API, the way a daemon would have: `cases` cases plus
    /// three whose ids sort differently by bytes than by letters, spread over four partitions,
    /// with summaries (some absent), history (some trimmed, so that numbering does not start at
    /// 1), timers, outbox messages with null keys and values (some already published and
    /// deleted, the newest among them), offsets bound to ``offsetsTopic``, metric rows, audit
    /// checkpoints (several per partition, numbered from 1) and epochs above 1. Returns the
    /// highest outbox sequence number the store ever gave out.
    static func fill(_ store: SQLiteStore, cases: Int) throws -> Int64 {
        _ = try store.bindOffsets(to: offsetsTopic, legacy: "liaison.inbound")
        _ = try store.acquire(partitions: partitions, owner: "site")
        let second = try store.acquire(partitions: partitions, owner: "site")
        let third = try store.acquire(partitions: [0, 1], owner: "site")
        let leases = third + second.filter { $0.partition >= 2 }
        let ids = (0..<cases).map { "case-" + String(repeating: "0", count: 5 - String($0).count) + String($0) } + ["Zeta", "zeta", "Äpfel"]
        let batchSize = 1_000
        for (batchNumber, start) in stride(from: 0, to: ids.count, by: batchSize).enumerated() {
            var batch = StoreBatch(leases: leases)
            for i in start..<min(start + batchSize, ids.count) {
                let id = ids[i]
                let partition = Int32(i % 4)
                let state = i == 1 ? [] : Array("state-\(i)-\(String(repeating: "x", count: i % 97))".utf8)
                batch.caseStates[id] = .init(partition: partition, state: state, summary: summary(i))
                if i % 5 == 0 {
                    batch.history += (1...3).map { n in
                        CaseHistoryEntry(caseID: id, at: Int64(i) * 10 + Int64(n), kind: CaseHistoryEntry.Kind.allCases[n - 1], entry: "{\"n\":\(n)}")
                    }
                }
                if i % 3 == 0 {
                    batch.scheduledTimers.append(StoredTimer(id: "timer-\(id)", partition: partition, caseID: id,
                                                             due: 1_700_000_000_000 + Int64(i * 7 % 10_000)))
                    batch.outbox.append(OutboxMessage(
                        partition: partition, topic: i % 2 == 0 ? "liaison.assignments" : "liaison.audit",
                        key: i % 7 == 3 ? nil : Array(id.utf8),
                        headers: [.init(name: "ce_id", value: Array("\(id)/out".utf8)), .init(name: "absent", value: nil)],
                        value: i % 11 == 6 ? nil : Array("{\"case\":\"\(id)\"}".utf8)
                    ))
                }
            }
            for partition in partitions {
                batch.checkpoints.append(StoredCheckpoint(partition: partition, seq: Int64(batchNumber + 1),
                                                          record: "{\"partition\":\(partition),\"seq\":\(batchNumber + 1),\"note\":\"ä\"}"))
                batch.offsets[partition] = Int64(batchNumber * 1_000) + Int64(partition)
                batch.metricContributions.append(MetricRow(partition: partition, key: "unit/u\(batchNumber % 3)",
                                                           value: Array("batch-\(batchNumber)".utf8)))
            }
            try store.commit(batch)
        }
        // A second round for some cases: more history than is kept, so the oldest go.
        var again = StoreBatch(leases: leases, historyPerCase: 4)
        for i in stride(from: 0, to: cases, by: 50) {
            again.caseStates[ids[i]] = .init(partition: Int32(i % 4), state: Array("state-\(i)-v2".utf8), summary: summary(i))
            again.history += (4...6).map { n in
                CaseHistoryEntry(caseID: ids[i], at: Int64(i) * 10 + Int64(n), kind: .input, entry: "{\"n\":\(n)}")
            }
        }
        try store.commit(again)
        // Some messages published already, the newest among them.
        let pending = try store.pendingOutbox(partitions: partitions, limit: 1_000_000).map(\.sequence)
        try store.deleteOutbox(sequences: pending.enumerated().filter { $0.offset % 5 == 1 }.map(\.element) + [pending.max() ?? 0])
        return try store.outboxSequenceHighWater()
    }

    /// A summary of every shape: absent, inbox, open with and without units and deadlines.
    static func summary(_ i: Int) -> CaseSummary? {
        guard i % 7 != 0 else { return nil }
        let status = CaseSummary.Status.allCases[(i / 2) % 4]
        let started = status != .inbox
        return CaseSummary(
            workflow: started ? "wf-\(i % 2)" : nil,
            version: started ? 1 + (i / 3) % 2 : nil,
            status: status,
            openUnits: status == .open ? (i % 2 == 0 ? ["tax", "police"] : ["tax"]) : [],
            nextDeadline: status == .open && i % 5 != 0 ? 1_700_000_000_000 + Int64(i) : nil,
            openedAt: started ? 1_690_000_000_000 + Int64(i) : nil
        )
    }
}
