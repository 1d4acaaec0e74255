import Foundation
import Testing
import LiaisonStore

/// The behaviour every ``StateStore`` owes the operator's views, written against the protocol
/// so that a second store (PostgreSQL) runs the same checks: each function takes a fresh, empty
/// store.
enum CatalogContract {
    static func summary(_ workflow: String, _ version: Int, _ status: CaseSummary.Status,
                        units: [String] = [], deadline: Int64? = nil) -> CaseSummary {
        CaseSummary(workflow: workflow, version: version, status: status, openUnits: units,
                    nextDeadline: deadline, openedAt: 1_000)
    }

    static func write(_ store: any StateStore, _ cases: [String: CaseSummary?], partition: Int32 = 0) async throws {
        let leases = try await store.acquire(partitions: [partition], owner: "test")
        var states: [String: StoreBatch.CaseState] = [:]
        for (id, summary) in cases { states[id] = .init(partition: partition, state: Array(id.utf8), summary: summary) }
        try await store.commit(StoreBatch(leases: leases, caseStates: states))
    }

    /// Counts come per (workflow, version, status); rows without a summary count apart.
    static func countsGroupCasesByWorkflowVersionAndStatus(_ store: any StateStore) async throws {
        try await write(store, [
            "a": summary("permit", 1, .open), "b": summary("permit", 1, .open), "c": summary("permit", 2, .open),
            "d": summary("permit", 1, .closed), "e": CaseSummary(workflow: nil, version: nil, status: .inbox), "f": nil,
        ])
        let counts = Set(try await store.caseCounts())
        #expect(counts == [
            CaseCount(workflow: "permit", version: 1, status: .open, count: 2),
            CaseCount(workflow: "permit", version: 2, status: .open, count: 1),
            CaseCount(workflow: "permit", version: 1, status: .closed, count: 1),
            CaseCount(workflow: nil, version: nil, status: .inbox, count: 1),
            CaseCount(workflow: nil, version: nil, status: nil, count: 1),
        ])
        // Ordered by workflow, version, status, unknown values first, on every store.
        #expect(try await store.caseCounts().map { "\($0.workflow ?? "-")/\($0.version ?? 0)/\($0.status?.rawValue ?? "-")" }
            == ["-/0/-", "-/0/inbox", "permit/1/closed", "permit/1/open", "permit/2/open"])
    }

    /// Each filter narrows the list; overdue compares the next deadline with the caller's now.
    static func filtersSelectTheCasesTheyName(_ store: any StateStore) async throws {
        try await write(store, [
            "a": summary("permit", 1, .open, units: ["tax", "police"], deadline: 500),
            "b": summary("permit", 2, .open, units: ["tax"], deadline: 5_000),
            "c": summary("licence", 1, .closed),
            "d": summary("permit", 2, .withdrawn),
            // `_` is a LIKE wildcard: `a_b` must not match a unit `axb`.
            "e": summary("licence", 1, .open, units: ["axb"], deadline: 100),
        ])
        func ids(_ filter: CaseFilter) async throws -> [String] {
            try await store.listCases(filter, after: nil, limit: 100).cases.map(\.id)
        }
        #expect(try await ids(CaseFilter()) == ["a", "b", "c", "d", "e"])
        #expect(try await ids(CaseFilter(workflow: "permit")) == ["a", "b", "d"])
        #expect(try await ids(CaseFilter(workflow: "permit", version: 2)) == ["b", "d"])
        #expect(try await ids(CaseFilter(status: .open)) == ["a", "b", "e"])
        #expect(try await ids(CaseFilter(status: .withdrawn)) == ["d"])
        #expect(try await ids(CaseFilter(unit: "tax")) == ["a", "b"])
        #expect(try await ids(CaseFilter(unit: "police")) == ["a"])
        #expect(try await ids(CaseFilter(unit: "a_b")) == [])
        #expect(try await ids(CaseFilter(unit: "ta")) == [])
        #expect(try await ids(CaseFilter(overdueAt: 1_000)) == ["a", "e"])
        #expect(try await ids(CaseFilter(unit: "tax", overdueAt: 1_000)) == ["a"])
        let listed = try await store.listCases(CaseFilter(workflow: "permit", version: 1), after: nil, limit: 10).cases
        #expect(listed.first?.summary == summary("permit", 1, .open, units: ["police", "tax"], deadline: 500))
    }

    /// Pages follow each other without gaps or repeats, and the last one has no next.
    static func pagesWalkTheWholeListOnce(_ store: any StateStore) async throws {
        var cases: [String: CaseSummary?] = [:]
        for index in 0..<7 { cases["case-\(index)"] = summary("permit", 1, .open) }
        try await write(store, cases)
        var seen: [String] = []
        var after: String? = nil
        var pages = 0
        repeat {
            let page = try await store.listCases(CaseFilter(status: .open), after: after, limit: 3)
            seen += page.cases.map(\.id)
            after = page.next
            pages += 1
        } while after != nil && pages < 10
        #expect(seen == (0..<7).map { "case-\($0)" })
        #expect(pages == 3)
        let exact = try await store.listCases(CaseFilter(), after: "case-3", limit: 3)
        #expect(exact.cases.map(\.id) == ["case-4", "case-5", "case-6"])
        #expect(exact.next == nil)
    }

    /// History is numbered per case in commit order, bounded to the newest records, and goes
    /// with its case.
    static func historyIsNumberedBoundedAndDeletedWithItsCase(_ store: any StateStore) async throws {
        let leases = try await store.acquire(partitions: [0], owner: "test")
        func entry(_ caseID: String, _ n: Int) -> CaseHistoryEntry {
            CaseHistoryEntry(caseID: caseID, at: Int64(n), kind: .input, entry: "{\"n\":\(n)}")
        }
        func commit(_ entries: [CaseHistoryEntry], keep: Int = 4) async throws {
            var states: [String: StoreBatch.CaseState] = [:]
            for id in Set(entries.map(\.caseID)) { states[id] = .init(partition: 0, state: [1]) }
            try await store.commit(StoreBatch(leases: leases, caseStates: states, history: entries, historyPerCase: keep))
        }
        try await commit([entry("a", 1), entry("b", 1), entry("a", 2)])
        try await commit([entry("a", 3)])
        #expect(try await store.caseHistory(id: "a", limit: 100).map(\.seq) == [1, 2, 3])
        #expect(try await store.caseHistory(id: "a", limit: 100).map(\.entry) == ["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"])
        #expect(try await store.caseHistory(id: "b", limit: 100).map(\.seq) == [1])
        #expect(try await store.caseHistory(id: "a", limit: 2).map(\.seq) == [2, 3])

        try await commit([entry("a", 4), entry("a", 5), entry("a", 6)])
        let kept = try await store.caseHistory(id: "a", limit: 100)
        #expect(kept.map(\.seq) == [3, 4, 5, 6])
        #expect(kept.map(\.at) == [3, 4, 5, 6])

        try await store.commit(StoreBatch(leases: leases, deletedCases: ["a": 0]))
        #expect(try await store.caseHistory(id: "a", limit: 100).isEmpty)
        #expect(try await store.caseHistory(id: "b", limit: 100).count == 1)
        #expect(try await store.caseHistory(id: "nobody", limit: 100).isEmpty)
    }

    /// A record linked into its case's audit chain is stored under the number its link gives,
    /// with its hashes, and read back with them; trimming keeps the newest by that number.
    static func chainedHistoryKeepsItsNumbersAndHashes(_ store: any StateStore) async throws {
        let leases = try await store.acquire(partitions: [0], owner: "test")
        func entry(_ seq: Int64) -> CaseHistoryEntry {
            CaseHistoryEntry(caseID: "a", at: seq * 10, kind: .timer, entry: "{\"n\":\(seq)}",
                             link: CaseHistoryLink(seq: seq, prevHash: "p\(seq)", hash: "h\(seq)"))
        }
        try await store.commit(StoreBatch(leases: leases, caseStates: ["a": .init(partition: 0, state: [1])],
                                          history: [entry(1), entry(2)], historyPerCase: 3))
        try await store.commit(StoreBatch(leases: leases, caseStates: ["a": .init(partition: 0, state: [2])],
                                          history: [entry(3), entry(4)], historyPerCase: 3))
        let kept = try await store.caseHistory(id: "a", limit: 100)
        #expect(kept.map(\.seq) == [2, 3, 4])
        #expect(kept.map(\.prevHash) == ["p2", "p3", "p4"])
        #expect(kept.map(\.hash) == ["h2", "h3", "h4"])
        #expect(kept.map(\.at) == [20, 30, 40])
    }

    /// Checkpoints are appended under their partition's lease and read back by partition and
    /// number, or only the newest of each; the cases a checkpoint covers are those written at or
    /// after a time, per partition.
    static func auditCheckpointsAreKeptAndTheNewestOfEachPartitionFound(_ store: any StateStore) async throws {
        let leases = try await store.acquire(partitions: [0, 1], owner: "test")
        let before = Int64((Date().timeIntervalSince1970 * 1000).rounded()) - 1
        try await store.commit(StoreBatch(leases: leases, caseStates: ["a": .init(partition: 0, state: [1]), "b": .init(partition: 1, state: [2])],
                                          checkpoints: [StoredCheckpoint(partition: 0, seq: 1, record: "{\"n\":1}"),
                                                        StoredCheckpoint(partition: 1, seq: 1, record: "{\"n\":2}")]))
        try await store.commit(StoreBatch(leases: leases, checkpoints: [StoredCheckpoint(partition: 0, seq: 2, record: "{\"n\":3}")]))
        let all = try await store.auditCheckpoints(partition: nil, newestOnly: false)
        #expect(all.map { "\($0.partition)/\($0.seq)" } == ["0/1", "0/2", "1/1"])
        #expect(all.map(\.record) == ["{\"n\":1}", "{\"n\":3}", "{\"n\":2}"])
        #expect(try await store.auditCheckpoints(partition: nil, newestOnly: true).map { "\($0.partition)/\($0.seq)" } == ["0/2", "1/1"])
        #expect(try await store.auditCheckpoints(partition: 0, newestOnly: true).map(\.seq) == [2])
        #expect(try await store.auditCheckpoints(partition: 0, newestOnly: false).map(\.seq) == [1, 2])
        #expect(try await store.auditCheckpoints(partition: 5, newestOnly: false).isEmpty)
        #expect(try await store.caseStates(partition: 0, updatedSince: before) == ["a": [1]])
        #expect(try await store.caseStates(partition: 1, updatedSince: before) == ["b": [2]])
        #expect(try await store.caseStates(partition: 0, updatedSince: Int64.max).isEmpty)
        let unleased = StoreBatch(leases: [], checkpoints: [StoredCheckpoint(partition: 0, seq: 3, record: "{}")])
        await #expect(throws: StoreError.self) { try await store.commit(unleased) }
    }

    /// History for a case whose state the batch does not write is refused, and nothing changes.
    static func historyWithoutItsStateIsRefused(_ store: any StateStore) async throws {
        let leases = try await store.acquire(partitions: [0], owner: "test")
        let batch = StoreBatch(leases: leases, caseStates: ["a": .init(partition: 0, state: [1])],
                               history: [CaseHistoryEntry(caseID: "b", at: 1, kind: .output, entry: "{}")])
        await #expect(throws: StoreError.self) { try await store.commit(batch) }
        #expect(try await store.caseStates(ids: ["a"]).isEmpty)
    }

    /// The backfill reads the rows without a summary, and a fill lands only on a row still
    /// holding the state it was computed from.
    static func backfillWritesOnlyUnchangedRows(_ store: any StateStore) async throws {
        try await write(store, ["old-1": nil, "old-2": nil, "old-3": nil, "new": summary("permit", 1, .open)])
        let first = try await store.casesWithoutSummary(after: nil, limit: 2)
        #expect(first.map(\.id) == ["old-1", "old-2"])
        #expect(first.first?.state == Array("old-1".utf8))
        #expect(try await store.casesWithoutSummary(after: "old-2", limit: 2).map(\.id) == ["old-3"])

        // old-2 is rewritten (without a summary) after the backfill read it: its fill must miss.
        try await write(store, ["old-2": nil])
        let leases = try await store.acquire(partitions: [0], owner: "test")
        try await store.commit(StoreBatch(leases: leases, caseStates: ["old-2": .init(partition: 0, state: [9])]))
        let written = try await store.fillSummaries([
            SummaryFill(caseID: "old-1", state: Array("old-1".utf8), summary: summary("permit", 1, .closed)),
            SummaryFill(caseID: "old-2", state: Array("old-2".utf8), summary: summary("permit", 1, .closed)),
            SummaryFill(caseID: "new", state: Array("new".utf8), summary: summary("permit", 9, .closed)),
        ])
        #expect(written == 1)
        #expect(try await store.casesWithoutSummary(after: nil, limit: 10).map(\.id) == ["old-2", "old-3"])
        let counts = Set(try await store.caseCounts())
        #expect(counts.contains(CaseCount(workflow: "permit", version: 1, status: .closed, count: 1)))
        #expect(counts.contains(CaseCount(workflow: "permit", version: 1, status: .open, count: 1)))
    }
}
