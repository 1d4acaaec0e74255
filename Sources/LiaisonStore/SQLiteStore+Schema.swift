import Logging

extension SQLiteStore {
    /// The schema, as an ordered list of migrations: migration `n` (1-based) brings a
    /// database from version `n - 1` to `n`. Append; never edit a released step.
    static let migrations: [String] = [
        // 1: the initial layout.
        """
        CREATE TABLE cases(
            case_id TEXT PRIMARY KEY NOT NULL,
            partition INTEGER NOT NULL,
            state BLOB NOT NULL,
            updated INTEGER NOT NULL
        );
        CREATE TABLE timers(
            id TEXT PRIMARY KEY NOT NULL,
            partition INTEGER NOT NULL,
            case_id TEXT NOT NULL,
            due INTEGER NOT NULL
        );
        CREATE INDEX timers_by_partition_due ON timers(partition, due, id);
        CREATE TABLE outbox(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            topic TEXT NOT NULL,
            key BLOB,
            headers BLOB NOT NULL,
            value BLOB
        );
        CREATE TABLE offsets(
            partition INTEGER PRIMARY KEY NOT NULL,
            next_offset INTEGER NOT NULL
        );
        CREATE TABLE leases(
            partition INTEGER PRIMARY KEY NOT NULL,
            owner TEXT,
            epoch INTEGER NOT NULL
        );
        CREATE TABLE metric_rows(
            partition INTEGER NOT NULL,
            key TEXT NOT NULL,
            value BLOB NOT NULL,
            PRIMARY KEY(partition, key)
        ) WITHOUT ROWID;
        """,
        // 2: the outbox remembers the inbound partition of each message, so that only that
        // partition's owner publishes it (messages written before this step belong to
        // partition 0: with one instance per SQLite file, that instance owns every partition);
        // a summary of each case beside its opaque state (status NULL: not known yet, the
        // runtime backfills it at start), and each case's append-only history.
        """
        ALTER TABLE outbox ADD COLUMN partition INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX outbox_by_partition ON outbox(partition, seq);
        ALTER TABLE cases ADD COLUMN workflow TEXT;
        ALTER TABLE cases ADD COLUMN version INTEGER;
        ALTER TABLE cases ADD COLUMN status TEXT;
        ALTER TABLE cases ADD COLUMN open_units TEXT;
        ALTER TABLE cases ADD COLUMN next_deadline INTEGER;
        ALTER TABLE cases ADD COLUMN opened_at INTEGER;
        CREATE INDEX cases_by_workflow ON cases(workflow, version, status);
        CREATE INDEX cases_by_status ON cases(status, case_id);
        CREATE TABLE case_history(
            case_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            entry TEXT NOT NULL,
            PRIMARY KEY(case_id, seq)
        ) WITHOUT ROWID;
        """,
        // 3: the audit chain (AUDIT.md). Each history record keeps its previous hash and its
        // hash; the chain of a case numbers its entries from 1. Records written before this
        // step have no hashes: they are renumbered to end at 0 (…, −1, 0), so that the chain of
        // a running case starts at 1 after them without a clash and a verifier tells them apart.
        """
        ALTER TABLE case_history ADD COLUMN prev_hash TEXT;
        ALTER TABLE case_history ADD COLUMN hash TEXT;
        CREATE TEMP TABLE chain_tops AS SELECT case_id, max(seq) AS top FROM case_history GROUP BY case_id;
        UPDATE case_history SET seq = seq - (SELECT t.top FROM chain_tops t WHERE t.case_id = case_history.case_id);
        DROP TABLE chain_tops;
        CREATE TABLE audit_checkpoints(
            partition INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY(partition, seq)
        ) WITHOUT ROWID;
        CREATE INDEX cases_by_partition_updated ON cases(partition, updated);
        """,
        // 4: settings the store keeps about itself, one row per name (``StoreSetting``): first
        // `offsets_topic`, the topic the offsets belong to. Stores from before this step hold
        // none; `bindOffsets` records one at the next start.
        """
        CREATE TABLE store_settings(
            name TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    ]

    /// The schema version this code reads and writes.
    static var currentSchemaVersion: Int64 { Int64(migrations.count) }

    /// Brings the database to ``currentSchemaVersion`` in one transaction and returns it.
    /// Refuses a database from a newer version rather than misreading it.
    static func migrate(_ connection: SQLiteConnection, logger: Logger) throws(StoreError) -> Int64 {
        try connection.transaction { () throws(StoreError) -> Int64 in
            try connection.execute("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)")
            let stored = try connection.scalar("SELECT max(version) FROM schema_version") ?? 0
            guard stored <= currentSchemaVersion else {
                throw StoreError(
                    code: .schemaTooNew,
                    reason: "\(connection.path) has schema version \(stored); this build knows up to \(currentSchemaVersion)"
                )
            }
            guard stored < currentSchemaVersion else { return stored }
            for version in (stored + 1)...currentSchemaVersion {
                try connection.execute(migrations[Int(version - 1)])
                logger.info("store schema migrated", metadata: ["path": "\(connection.path)", "version": "\(version)"])
            }
            try connection.run("DELETE FROM schema_version")
            try connection.run("INSERT INTO schema_version(version) VALUES (?)", [.integer(currentSchemaVersion)])
            return currentSchemaVersion
        }
    }
}
