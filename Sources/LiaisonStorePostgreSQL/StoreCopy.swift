import LiaisonStore

/// Copies a whole SQLite store into an empty PostgreSQL store: what moves a site from one
/// instance on a file to instances sharing a database (`liaison store copy`).
///
/// The copy runs in one PostgreSQL transaction (``PostgresStore/importing(_:)``): it refuses a
/// target that holds any row, moves each table in chunks of ``chunkSize`` rows (one round trip
/// each), compares every table's count with the source's before committing, and again after.
/// A copy that fails at any point commits nothing, so the target stays empty and the copy can
/// simply be run again.
///
/// The source must not change meanwhile: the caller holds it open as a ``SQLiteStore``, whose
/// file lock keeps every daemon out.
public struct StoreCopy: Sendable {
    /// One table's row count on both sides.
    public struct TableCount: Sendable, Hashable {
        /// The table.
        public var table: StoreTable
        /// Rows in the source.
        public var source: Int
        /// Rows in the target.
        public var target: Int
    }

    /// How many rows travel in one statement.
    public var chunkSize: Int

    /// Creates a copy that moves `chunkSize` rows per round trip.
    public init(chunkSize: Int = 5_000) {
        self.chunkSize = max(1, chunkSize)
    }

    /// Copies `source` into `target` and returns every table's counts, read again on both sides
    /// after the commit. `progress` is called after each chunk with the table, the rows copied
    /// so far and the table's total.
    ///
    /// - Throws: ``StoreCopyError`` `targetNotEmpty` (nothing written) or `countMismatch`;
    ///   ``StoreError`` when either store fails (nothing committed).
    public func run(
        from source: SQLiteStore,
        to target: PostgresStore,
        progress: (_ table: StoreTable, _ copied: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async throws -> [TableCount] {
        let totals = try await source.rowCounts()
        let highWater = try await source.outboxSequenceHighWater()
        let chunkSize = self.chunkSize
        try await target.importing { importer in
            let found = try await importer.rowCounts()
            let occupied = StoreTable.allCases.filter { (found[$0] ?? 0) > 0 }
            guard occupied.isEmpty else {
                throw StoreCopyError(
                    code: .targetNotEmpty,
                    reason: "\(target.displayAddress) already holds rows (\(occupied.map { "\($0): \(found[$0] ?? 0)" }.joined(separator: ", "))); "
                        + "a copy only goes into an empty database. Nothing was written."
                )
            }
            for table in StoreTable.allCases {
                let total = totals[table] ?? 0
                var copied = 0
                var cursor: StoreRowCursor?
                repeat {
                    let chunk = try await source.exportRows(table, after: cursor, limit: chunkSize)
                    try await importer.insert(chunk.rows)
                    copied += chunk.rows.count
                    cursor = chunk.next
                    if chunk.rows.count > 0 || total == 0 { progress(table, copied, total) }
                } while cursor != nil
            }
            // Checked before committing, so that a short copy leaves the target empty.
            try Self.compare(totals, try await importer.rowCounts(), when: "before committing; nothing was written")
            try await importer.advanceOutboxSequence(past: highWater)
        }
        let sourceAfter = try await source.rowCounts()
        let targetAfter = try await target.rowCounts()
        try Self.compare(sourceAfter, targetAfter, when: "after committing; the target holds the copy, check it or empty it")
        return StoreTable.allCases.map { TableCount(table: $0, source: sourceAfter[$0] ?? 0, target: targetAfter[$0] ?? 0) }
    }

    private static func compare(_ source: [StoreTable: Int], _ target: [StoreTable: Int], when: String) throws(StoreCopyError) {
        let different = StoreTable.allCases.filter { (source[$0] ?? 0) != (target[$0] ?? 0) }
        guard different.isEmpty else {
            throw StoreCopyError(
                code: .countMismatch,
                reason: "row counts differ (\(when)): "
                    + different.map { "\($0): source \(source[$0] ?? 0), target \(target[$0] ?? 0)" }.joined(separator: "; ")
            )
        }
    }
}
