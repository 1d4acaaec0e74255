import Foundation

extension SQLiteStore {
    /// Looks each id up by primary key.
    public func caseStates(ids: [String]) throws(StoreError) -> [String: [UInt8]] {
        try locked { connection throws(StoreError) in try Self.caseStates(ids: ids, connection) }
    }

    static func caseStates(ids: [String], _ connection: SQLiteConnection) throws(StoreError) -> [String: [UInt8]] {
        var states: [String: [UInt8]] = [:]
        for id in ids {
            let state = try connection.withStatement("SELECT state FROM cases WHERE case_id = ?", [.text(id)]) {
                statement throws(StoreError) in try statement.step() ? statement.blob(0) : nil
            }
            if let state { states[id] = state }
        }
        return states
    }

    /// Reads each partition's earliest timers through the (partition, due, id) index, then
    /// merges them.
    public func dueTimers(partitions: [Int32], dueBy: Int64, limit: Int) throws(StoreError) -> [StoredTimer] {
        guard limit > 0 else { return [] }
        let timers = try locked { connection throws(StoreError) in
            var timers: [StoredTimer] = []
            for partition in Set(partitions) {
                try connection.withStatement(
                    "SELECT id, case_id, due FROM timers WHERE partition = ? AND due <= ? ORDER BY due, id LIMIT ?",
                    [.int(partition), .integer(dueBy), .int(limit)]
                ) { statement throws(StoreError) in
                    while try statement.step() {
                        timers.append(
                            StoredTimer(
                                id: statement.text(0), partition: partition,
                                caseID: statement.text(1), due: statement.int64(2)
                            )
                        )
                    }
                }
            }
            return timers
        }
        return Array(timers.sorted { ($0.due, $0.id) < ($1.due, $1.id) }.prefix(limit))
    }

    /// The minimum due time over the partitions, each read from the index.
    public func nextTimerDue(partitions: [Int32]) throws(StoreError) -> Int64? {
        try locked { connection throws(StoreError) in
            var earliest: Int64?
            for partition in Set(partitions) {
                if let due = try connection.scalar("SELECT min(due) FROM timers WHERE partition = ?", [.int(partition)]) {
                    earliest = min(earliest ?? due, due)
                }
            }
            return earliest
        }
    }

    /// Reads the head of the outbox of `partitions` in sequence order.
    public func pendingOutbox(partitions: [Int32], limit: Int) throws(StoreError) -> [OutboxEntry] {
        try pendingOutbox(partitions: partitions, after: nil, limit: limit)
    }

    /// Reads the outbox of `partitions` past sequence `after` (from its head when nil), in
    /// sequence order. The partition list is bound as one JSON array, so that the statement is
    /// the same whatever its length.
    public func pendingOutbox(partitions: [Int32], after: Int64?, limit: Int) throws(StoreError) -> [OutboxEntry] {
        guard limit > 0, !partitions.isEmpty else { return [] }
        let list = "[" + Set(partitions).sorted().map(String.init).joined(separator: ",") + "]"
        return try locked { connection throws(StoreError) in
            try connection.withStatement(
                """
                SELECT seq, partition, topic, key, headers, value FROM outbox
                WHERE seq > ? AND partition IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?
                """, [.integer(after ?? Int64.min), .text(list), .int(limit)]
            ) { statement throws(StoreError) in
                var entries: [OutboxEntry] = []
                while try statement.step() {
                    let message = OutboxMessage(
                        partition: Int32(truncatingIfNeeded: statement.int64(1)),
                        topic: statement.text(2),
                        key: statement.blob(3),
                        headers: try OutboxHeaderCodec.decode(statement.blob(4) ?? []),
                        value: statement.blob(5)
                    )
                    entries.append(OutboxEntry(sequence: statement.int64(0), message: message))
                }
                return entries
            }
        }
    }

    /// One range delete.
    public func deleteOutbox(upTo sequence: Int64) throws(StoreError) {
        try locked { connection throws(StoreError) in
            try connection.run("DELETE FROM outbox WHERE seq <= ?", [.integer(sequence)])
        }
    }

    /// Deletes by primary key in one transaction, one range statement per run of consecutive
    /// sequence numbers (acknowledgements mostly arrive in order), without waiting for the disk.
    ///
    /// A delete lost to a power failure only means its outputs are sent again, with the same
    /// ids, which at-least-once delivery allows; so the transaction commits with
    /// `synchronous = NORMAL` (in WAL mode: consistent, not yet synced) and the next batch
    /// commit's fsync makes it durable. The publisher's deletes then cost no fsync of their
    /// own and do not hold the store's one connection for a disk flush.
    public func deleteOutbox(sequences: [Int64]) throws(StoreError) {
        guard !sequences.isEmpty else { return }
        try locked { connection throws(StoreError) in
            try withoutWaitingForTheDisk(connection) { () throws(StoreError) in
                try connection.transaction { () throws(StoreError) in
                    for run in Self.consecutiveRuns(sequences) {
                        try connection.run("DELETE FROM outbox WHERE seq BETWEEN ? AND ?", [.integer(run.lowerBound), .integer(run.upperBound)])
                    }
                }
            }
        }
    }

    /// `sequences` as ranges of consecutive numbers, each holding only numbers of the list.
    static func consecutiveRuns(_ sequences: [Int64]) -> [ClosedRange<Int64>] {
        var runs: [ClosedRange<Int64>] = []
        for sequence in Set(sequences).sorted() {
            if let last = runs.last, last.upperBound &+ 1 == sequence {
                runs[runs.count - 1] = last.lowerBound...sequence
            } else {
                runs.append(sequence...sequence)
            }
        }
        return runs
    }

    /// Runs `body` with `synchronous = NORMAL`, then restores the configured level.
    private func withoutWaitingForTheDisk(_ connection: SQLiteConnection, _ body: () throws(StoreError) -> Void) throws(StoreError) {
        guard configuration.synchronous == .full else { return try body() }
        try connection.execute("PRAGMA synchronous = NORMAL")
        do {
            try body()
        } catch {
            try? connection.execute("PRAGMA synchronous = FULL")
            throw error
        }
        try connection.execute("PRAGMA synchronous = FULL")
    }

    /// Reads the metric rows of each partition, ordered by partition then key.
    public func metricRows(partitions: [Int32]) throws(StoreError) -> [MetricRow] {
        try locked { connection throws(StoreError) in
            var rows: [MetricRow] = []
            for partition in Set(partitions).sorted() {
                try connection.withStatement(
                    "SELECT key, value FROM metric_rows WHERE partition = ? ORDER BY key", [.int(partition)]
                ) { statement throws(StoreError) in
                    while try statement.step() {
                        rows.append(MetricRow(partition: partition, key: statement.text(0), value: statement.blob(1) ?? []))
                    }
                }
            }
            return rows
        }
    }

    /// The rows of `partitions` under `keys` (primary-key lookups), ordered by partition then key.
    public func metricRows(partitions: [Int32], keys: [String]) throws(StoreError) -> [MetricRow] {
        try locked { connection throws(StoreError) in
            var rows: [MetricRow] = []
            for partition in Set(partitions).sorted() {
                for key in Set(keys).sorted() {
                    try connection.withStatement(
                        "SELECT value FROM metric_rows WHERE partition = ? AND key = ?", [.int(partition), .text(key)]
                    ) { statement throws(StoreError) in
                        if try statement.step() {
                            rows.append(MetricRow(partition: partition, key: key, value: statement.blob(0) ?? []))
                        }
                    }
                }
            }
            return rows
        }
    }

    /// Counts rows (a full scan of each table's smallest index: cheap up to millions of rows)
    /// and adds up the sizes of the database file and its write-ahead log.
    public func statistics() throws(StoreError) -> StoreStatistics {
        let counts = try locked { connection throws(StoreError) in
            (
                try connection.scalar("SELECT count(*) FROM cases") ?? 0,
                try connection.scalar("SELECT count(*) FROM timers") ?? 0,
                try connection.scalar("SELECT count(*) FROM outbox") ?? 0
            )
        }
        let bytes = [path, path + "-wal"].reduce(Int64(0)) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)??.int64Value
            return total + (size ?? 0)
        }
        return StoreStatistics(cases: Int(counts.0), timers: Int(counts.1), outboxDepth: Int(counts.2), bytesOnDisk: bytes)
    }
}
