extension SQLiteStore {
    /// The summary columns' values, in the order of the `cases` insert; all NULL without one.
    static func summaryValues(_ summary: CaseSummary?) -> [SQLiteValue] {
        guard let summary else { return Array(repeating: .null, count: 6) }
        return [
            summary.workflow.map(SQLiteValue.text) ?? .null,
            summary.version.map(SQLiteValue.int) ?? .null,
            .text(summary.status.rawValue),
            OpenUnits.encode(summary.openUnits).map(SQLiteValue.text) ?? .null,
            summary.nextDeadline.map(SQLiteValue.integer) ?? .null,
            summary.openedAt.map(SQLiteValue.integer) ?? .null,
        ]
    }

    /// Appends each entry under the number its chain link gives (or, without a link, its
    /// case's next number), then drops each touched case's records older than the newest `keep`.
    /// A linked entry already stored (the same batch committed again) is left as it is.
    func appendHistory(_ entries: [CaseHistoryEntry], keeping keep: Int, _ connection: SQLiteConnection) throws(StoreError) {
        guard !entries.isEmpty else { return }
        var next: [String: Int64] = [:]
        for entry in entries {
            let seq: Int64
            if let link = entry.link {
                seq = link.seq
            } else if let known = next[entry.caseID] {
                seq = known
            } else {
                seq = (try connection.scalar("SELECT max(seq) FROM case_history WHERE case_id = ?", [.text(entry.caseID)]) ?? 0) + 1
            }
            try connection.run(
                "INSERT INTO case_history(case_id, seq, at, kind, entry, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(case_id, seq) DO NOTHING",
                [.text(entry.caseID), .integer(seq), .integer(entry.at), .text(entry.kind.rawValue), .text(entry.entry),
                 entry.link.map { .text($0.prevHash) } ?? .null, entry.link.map { .text($0.hash) } ?? .null]
            )
            next[entry.caseID] = max(next[entry.caseID] ?? 0, seq + 1)
        }
        for (caseID, following) in next where following - 1 > Int64(max(1, keep)) {
            try connection.run(
                "DELETE FROM case_history WHERE case_id = ? AND seq <= ?",
                [.text(caseID), .integer(following - 1 - Int64(max(1, keep)))]
            )
        }
    }
}

/// The `open_units` column: `,tax,police,` — each unit between commas, so that one unit is
/// found with `LIKE '%,tax,%'` in any SQL database; NULL when nobody owes anything.
public enum OpenUnits {
    public static func encode(_ units: [String]) -> String? {
        units.isEmpty ? nil : "," + units.joined(separator: ",") + ","
    }

    public static func decode(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }

    /// The LIKE pattern matching rows in which `unit` owes something, with `\` escaping the
    /// wildcards a unit id may hold (`_` is one).
    public static func pattern(for unit: String) -> String {
        var escaped = ""
        for character in unit {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%," + escaped + ",%"
    }
}
