import LiaisonStore
import NIOCore
import PostgresNIO

/// A batch's case summaries as parallel arrays. The driver cannot put a null inside an array,
/// so absent values travel as values no summary holds (an empty text, `Int32.min`,
/// `Int64.min`) and the SQL turns them back into nulls with `NULLIF`.
struct SummaryColumns {
    static let absentInteger = Int32.min
    static let absentTime = Int64.min

    var workflows: [String] = []
    var versions: [Int32] = []
    var statuses: [String] = []
    var openUnits: [String] = []
    var nextDeadlines: [Int64] = []
    var openedAt: [Int64] = []

    init(_ summaries: [CaseSummary?]) {
        for summary in summaries {
            workflows.append(summary?.workflow ?? "")
            versions.append(summary?.version.map { Int32(clamping: $0) } ?? Self.absentInteger)
            statuses.append(summary?.status.rawValue ?? "")
            openUnits.append(summary.flatMap { OpenUnits.encode($0.openUnits) } ?? "")
            nextDeadlines.append(summary?.nextDeadline ?? Self.absentTime)
            openedAt.append(summary?.openedAt ?? Self.absentTime)
        }
    }
}

extension PostgresStore {
    public func caseCounts() async throws(StoreError) -> [CaseCount] {
        let rows = try await rows("counting cases", """
            SELECT workflow, version, status, count(*) FROM cases
            GROUP BY workflow, version, status ORDER BY workflow NULLS FIRST, version NULLS FIRST, status NULLS FIRST
            """)
        return try rows.map { row throws(StoreError) in
            let (workflow, version, status, count) = try Self.decode(row, as: (String?, Int32?, String?, Int64).self, doing: "counting cases")
            return CaseCount(workflow: workflow, version: version.map(Int.init),
                             status: try status.map { text throws(StoreError) in try CaseSummary.Status(stored: text) }, count: Int(count))
        }
    }

    public func listCases(_ filter: CaseFilter, after: String?, limit: Int) async throws(StoreError) -> CasePage {
        guard limit > 0 else { return CasePage(cases: [], next: nil) }
        var conditions: [String] = []
        var binds = PostgresBindings()
        func bind(_ condition: (String) -> String, _ append: (inout PostgresBindings) -> Void) {
            append(&binds)
            conditions.append(condition("$\(binds.count)"))
        }
        if let after { bind({ "case_id > \($0)" }, { $0.append(after) }) }
        if let workflow = filter.workflow { bind({ "workflow = \($0)" }, { $0.append(workflow) }) }
        if let version = filter.version { bind({ "version = \($0)" }, { $0.append(Int32(clamping: version)) }) }
        if let status = filter.status { bind({ "status = \($0)" }, { $0.append(status.rawValue) }) }
        if let unit = filter.unit { bind({ "open_units LIKE \($0) ESCAPE '\\'" }, { $0.append(OpenUnits.pattern(for: unit)) }) }
        if let now = filter.overdueAt { bind({ "next_deadline < \($0)" }, { $0.append(now) }) }
        binds.append(Int64(limit + 1))
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let query = PostgresQuery(unsafeSQL: """
            SELECT case_id, partition, updated, workflow, version, status, open_units, next_deadline, opened_at
            FROM cases\(whereClause) ORDER BY case_id LIMIT $\(binds.count)
            """, binds: binds)
        let rows = try await rows("listing cases", query)
        var listings = try rows.map { row throws(StoreError) in
            let (id, partition, updated, workflow, version, status, units, deadline, opened) = try Self.decode(
                row, as: (String, Int32, Int64, String?, Int32?, String?, String?, Int64?, Int64?).self, doing: "listing cases")
            let summary = try status.map { text throws(StoreError) in
                CaseSummary(workflow: workflow, version: version.map(Int.init), status: try CaseSummary.Status(stored: text),
                            openUnits: units.map(OpenUnits.decode) ?? [], nextDeadline: deadline, openedAt: opened)
            }
            return CaseListing(id: id, partition: partition, summary: summary, updated: updated)
        }
        let more = listings.count > limit
        if more { listings.removeLast() }
        return CasePage(cases: listings, next: more ? listings.last?.id : nil)
    }

    public func caseHistory(id: String, limit: Int) async throws(StoreError) -> [CaseHistoryRecord] {
        guard limit > 0 else { return [] }
        let rows = try await rows("reading a case's history", """
            SELECT seq, at, kind, entry, prev_hash, hash FROM case_history WHERE case_id = \(id) ORDER BY seq DESC LIMIT \(Int64(limit))
            """)
        let newestFirst = try rows.map { row throws(StoreError) in
            let (seq, at, kindText, entry, prevHash, hash) = try Self.decode(row, as: (Int64, Int64, String, String, String?, String?).self,
                                                                             doing: "reading a case's history")
            guard let kind = CaseHistoryEntry.Kind(rawValue: kindText) else {
                throw StoreError(code: .corruptData, reason: "case \(id) history record \(seq) has kind '\(kindText)'")
            }
            return CaseHistoryRecord(seq: seq, at: at, kind: kind, entry: entry, prevHash: prevHash, hash: hash)
        }
        return newestFirst.reversed()
    }

    public func casesWithoutSummary(after: String?, limit: Int) async throws(StoreError) -> [StoredCase] {
        guard limit > 0 else { return [] }
        let rows = try await rows("reading cases without a summary", """
            SELECT case_id, partition, state FROM cases WHERE status IS NULL AND case_id > \(after ?? "")
            ORDER BY case_id LIMIT \(Int64(limit))
            """)
        return try rows.map { row throws(StoreError) in
            let (id, partition, state) = try Self.decode(row, as: (String, Int32, ByteBuffer).self, doing: "reading cases without a summary")
            return StoredCase(id: id, partition: partition, state: state.bytes)
        }
    }

    public func fillSummaries(_ fills: [SummaryFill]) async throws(StoreError) -> Int {
        guard !fills.isEmpty else { return 0 }
        let columns = SummaryColumns(fills.map(\.summary))
        let ids = fills.map(\.caseID)
        let states = fills.map(\.state.buffer)
        let rows = try await rows("filling case summaries", """
            UPDATE cases c SET workflow = NULLIF(f.w, ''), version = NULLIF(f.v, \(SummaryColumns.absentInteger)),
                status = NULLIF(f.st, ''), open_units = NULLIF(f.u, ''),
                next_deadline = NULLIF(f.d, \(SummaryColumns.absentTime)), opened_at = NULLIF(f.o, \(SummaryColumns.absentTime))
            FROM unnest(\(ids)::text[], \(states)::bytea[], \(columns.workflows)::text[], \(columns.versions)::integer[],
                        \(columns.statuses)::text[], \(columns.openUnits)::text[], \(columns.nextDeadlines)::bigint[],
                        \(columns.openedAt)::bigint[]) AS f(id, s, w, v, st, u, d, o)
            WHERE c.case_id = f.id AND c.status IS NULL AND c.state = f.s
            RETURNING c.case_id
            """)
        return rows.count
    }
}
