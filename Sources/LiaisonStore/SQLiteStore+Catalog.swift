/// ``StateStoreCatalog`` for SQLite: plain SQL over the summary columns of `cases` and over
/// `case_history`, the same a PostgreSQL store runs. Each call has a synchronous form (for
/// tools that own the store) and the async one of the protocol, run on the store's queue.
extension SQLiteStore {
    /// Groups the cases by workflow, version and status.
    public func caseCounts() throws(StoreError) -> [CaseCount] {
        try locked { connection throws(StoreError) in
            try connection.withStatement(
                "SELECT workflow, version, status, count(*) FROM cases GROUP BY workflow, version, status ORDER BY workflow, version, status"
            ) { statement throws(StoreError) in
                var counts: [CaseCount] = []
                while try statement.step() {
                    counts.append(CaseCount(
                        workflow: statement.isNull(0) ? nil : statement.text(0),
                        version: statement.isNull(1) ? nil : Int(statement.int64(1)),
                        status: statement.isNull(2) ? nil : try CaseSummary.Status(stored: statement.text(2)),
                        count: Int(statement.int64(3))
                    ))
                }
                return counts
            }
        }
    }

    /// Keyset paging on the primary key: `case_id > after ORDER BY case_id LIMIT limit + 1`.
    public func listCases(_ filter: CaseFilter, after: String?, limit: Int) throws(StoreError) -> CasePage {
        guard limit > 0 else { return CasePage(cases: [], next: nil) }
        var conditions: [String] = []
        var values: [SQLiteValue] = []
        if let after { conditions.append("case_id > ?"); values.append(.text(after)) }
        if let workflow = filter.workflow { conditions.append("workflow = ?"); values.append(.text(workflow)) }
        if let version = filter.version { conditions.append("version = ?"); values.append(.int(version)) }
        if let status = filter.status { conditions.append("status = ?"); values.append(.text(status.rawValue)) }
        if let unit = filter.unit {
            conditions.append("open_units LIKE ? ESCAPE '\\'")
            values.append(.text(OpenUnits.pattern(for: unit)))
        }
        if let now = filter.overdueAt { conditions.append("next_deadline < ?"); values.append(.integer(now)) }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT case_id, partition, updated, workflow, version, status, open_units, next_deadline, opened_at
            FROM cases\(whereClause) ORDER BY case_id LIMIT ?
            """
        values.append(.int(limit + 1))
        var listings = try locked { connection throws(StoreError) in
            try connection.withStatement(sql, values) { statement throws(StoreError) in
                var listings: [CaseListing] = []
                while try statement.step() {
                    listings.append(CaseListing(
                        id: statement.text(0), partition: Int32(truncatingIfNeeded: statement.int64(1)),
                        summary: try Self.summary(statement, from: 3), updated: statement.int64(2)
                    ))
                }
                return listings
            }
        }
        let more = listings.count > limit
        if more { listings.removeLast() }
        return CasePage(cases: listings, next: more ? listings.last?.id : nil)
    }

    /// Reads the newest records by the primary key, then turns them oldest first.
    public func caseHistory(id: String, limit: Int) throws(StoreError) -> [CaseHistoryRecord] {
        guard limit > 0 else { return [] }
        let newestFirst = try locked { connection throws(StoreError) in
            try connection.withStatement(
                "SELECT seq, at, kind, entry, prev_hash, hash FROM case_history WHERE case_id = ? ORDER BY seq DESC LIMIT ?",
                [.text(id), .int(limit)]
            ) { statement throws(StoreError) in
                var records: [CaseHistoryRecord] = []
                while try statement.step() {
                    let kindText = statement.text(2)
                    guard let kind = CaseHistoryEntry.Kind(rawValue: kindText) else {
                        throw StoreError(code: .corruptData, reason: "case \(id) history record \(statement.int64(0)) has kind '\(kindText)'")
                    }
                    records.append(CaseHistoryRecord(seq: statement.int64(0), at: statement.int64(1), kind: kind, entry: statement.text(3),
                                                     prevHash: statement.isNull(4) ? nil : statement.text(4),
                                                     hash: statement.isNull(5) ? nil : statement.text(5)))
                }
                return records
            }
        }
        return newestFirst.reversed()
    }

    /// Rows whose `status` is NULL, by primary key.
    public func casesWithoutSummary(after: String?, limit: Int) throws(StoreError) -> [StoredCase] {
        guard limit > 0 else { return [] }
        return try locked { connection throws(StoreError) in
            try connection.withStatement(
                "SELECT case_id, partition, state FROM cases WHERE status IS NULL AND case_id > ? ORDER BY case_id LIMIT ?",
                [.text(after ?? ""), .int(limit)]
            ) { statement throws(StoreError) in
                var cases: [StoredCase] = []
                while try statement.step() {
                    cases.append(StoredCase(id: statement.text(0), partition: Int32(truncatingIfNeeded: statement.int64(1)),
                                            state: statement.blob(2) ?? []))
                }
                return cases
            }
        }
    }

    /// One transaction; each update is guarded by `status IS NULL AND state = ?`, so a row a
    /// commit rewrote meanwhile keeps what that commit wrote.
    public func fillSummaries(_ fills: [SummaryFill]) throws(StoreError) -> Int {
        guard !fills.isEmpty else { return 0 }
        return try locked { connection throws(StoreError) in
            try connection.transaction { () throws(StoreError) -> Int in
                var written = 0
                for fill in fills {
                    try connection.run(
                        """
                        UPDATE cases SET workflow = ?, version = ?, status = ?, open_units = ?, next_deadline = ?, opened_at = ?
                        WHERE case_id = ? AND status IS NULL AND state = ?
                        """,
                        Self.summaryValues(fill.summary) + [.text(fill.caseID), .blob(fill.state)]
                    )
                    written += connection.changes
                }
                return written
            }
        }
    }


    /// The summary in columns `first`…`first + 5` (workflow, version, status, open_units,
    /// next_deadline, opened_at); nil when status is NULL.
    private static func summary(_ statement: SQLiteStatement, from first: Int32) throws(StoreError) -> CaseSummary? {
        guard !statement.isNull(first + 2) else { return nil }
        return CaseSummary(
            workflow: statement.isNull(first) ? nil : statement.text(first),
            version: statement.isNull(first + 1) ? nil : Int(statement.int64(first + 1)),
            status: try CaseSummary.Status(stored: statement.text(first + 2)),
            openUnits: statement.isNull(first + 3) ? [] : OpenUnits.decode(statement.text(first + 3)),
            nextDeadline: statement.isNull(first + 4) ? nil : statement.int64(first + 4),
            openedAt: statement.isNull(first + 5) ? nil : statement.int64(first + 5)
        )
    }
}

extension SQLiteStore {
    public func caseCounts() async throws(StoreError) -> [CaseCount] {
        try await onQueue { store throws(StoreError) in try store.caseCounts() }
    }

    public func listCases(_ filter: CaseFilter, after: String?, limit: Int) async throws(StoreError) -> CasePage {
        try await onQueue { store throws(StoreError) in try store.listCases(filter, after: after, limit: limit) }
    }

    public func caseHistory(id: String, limit: Int) async throws(StoreError) -> [CaseHistoryRecord] {
        try await onQueue { store throws(StoreError) in try store.caseHistory(id: id, limit: limit) }
    }

    public func casesWithoutSummary(after: String?, limit: Int) async throws(StoreError) -> [StoredCase] {
        try await onQueue { store throws(StoreError) in try store.casesWithoutSummary(after: after, limit: limit) }
    }

    public func fillSummaries(_ fills: [SummaryFill]) async throws(StoreError) -> Int {
        try await onQueue { store throws(StoreError) in try store.fillSummaries(fills) }
    }
}
