/// The store's answers to operators' questions about cases: counts per workflow version, lists
/// by filter, each case's history; and the backfill of summaries for rows written before the
/// store kept them. Every ``StateStore`` implements these (the SQLite and the PostgreSQL store
/// with the same simple SQL over the summary columns and the history table).
///
/// None of these reads is fenced: they answer operators and the start-up checks, and never
/// decide what a batch commits.
///
/// Portability notes for a second store: case ids page in byte order (SQLite's BINARY
/// collation; PostgreSQL needs `COLLATE "C"` on `case_id`), a unit is found in `open_units`
/// (`,a,b,`) with `LIKE … ESCAPE '\'`, and history records keep the sequence numbers and hashes
/// of their audit chain links (docs/AUDIT.md); a record without a link is numbered `max(seq) + 1`
/// per case inside the commit's transaction (one writer per partition, so no gaps or clashes).
public protocol StateStoreCatalog: Sendable {
    /// How many cases the store holds per (workflow, version, status), including rows whose
    /// summary is not known yet (all fields nil but the count).
    func caseCounts() async throws(StoreError) -> [CaseCount]

    /// Cases matching `filter`, in case id order, starting after the case id `after` (nil: from
    /// the start), at most `limit` of them; the page's `next` is set when more may follow.
    func listCases(_ filter: CaseFilter, after: String?, limit: Int) async throws(StoreError) -> CasePage

    /// The newest `limit` history records of case `id`, oldest first; empty for an unknown case.
    func caseHistory(id: String, limit: Int) async throws(StoreError) -> [CaseHistoryRecord]

    /// The audit checkpoints of `partition` (nil: of every partition), by partition then
    /// number; with `newestOnly`, only the newest of each partition.
    func auditCheckpoints(partition: Int32?, newestOnly: Bool) async throws(StoreError) -> [StoredCheckpoint]
    /// The states of `partition`'s cases written at or after `updatedSince` (ms, the store's
    /// `updated` clock), by case id: the cases an audit checkpoint covers.
    func caseStates(partition: Int32, updatedSince: Int64) async throws(StoreError) -> [String: [UInt8]]
    /// Rows without a summary (written before the store kept them), in case id order after
    /// `after`, at most `limit` of them.
    func casesWithoutSummary(after: String?, limit: Int) async throws(StoreError) -> [StoredCase]

    /// Writes each summary into its row if the row still has no summary and still holds the
    /// state it was computed from; returns how many rows were written.
    func fillSummaries(_ fills: [SummaryFill]) async throws(StoreError) -> Int
}
