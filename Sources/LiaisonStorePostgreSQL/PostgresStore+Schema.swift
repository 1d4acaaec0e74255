import LiaisonStore
import PostgresNIO

extension PostgresStore {
    /// The schema as ordered migrations: step `n` (1-based) brings the database from version
    /// `n - 1` to `n`. Append; never edit a released step.
    ///
    /// The layout mirrors the SQLite store's: the same tables, the same meaning. Outbox
    /// messages carry their inbound partition, because only that partition's owner publishes
    /// them; timers and metric rows do too, for the same reason. Case ids sort byte-wise
    /// (`COLLATE "C"`), as in SQLite, so that case lists page the same way on both stores.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE cases(
                case_id text COLLATE "C" PRIMARY KEY,
                partition integer NOT NULL,
                state bytea NOT NULL,
                updated bigint NOT NULL,
                workflow text,
                version integer,
                status text,
                open_units text,
                next_deadline bigint,
                opened_at bigint
            )
            """,
            "CREATE INDEX cases_by_workflow ON cases(workflow, version, status)",
            "CREATE INDEX cases_by_status ON cases(status, case_id)",
            """
            CREATE TABLE case_history(
                case_id text COLLATE "C" NOT NULL,
                seq bigint NOT NULL,
                at bigint NOT NULL,
                kind text NOT NULL,
                entry text NOT NULL,
                PRIMARY KEY(case_id, seq)
            )
            """,
            """
            CREATE TABLE timers(
                id text PRIMARY KEY,
                partition integer NOT NULL,
                case_id text NOT NULL,
                due bigint NOT NULL
            )
            """,
            "CREATE INDEX timers_by_partition_due ON timers(partition, due, id)",
            """
            CREATE TABLE outbox(
                seq bigserial PRIMARY KEY,
                partition integer NOT NULL,
                topic text NOT NULL,
                key bytea,
                headers bytea NOT NULL,
                value bytea
            )
            """,
            "CREATE INDEX outbox_by_partition ON outbox(partition, seq)",
            "CREATE TABLE offsets(partition integer PRIMARY KEY, next_offset bigint NOT NULL)",
            "CREATE TABLE leases(partition integer PRIMARY KEY, owner text, epoch bigint NOT NULL)",
            """
            CREATE TABLE metric_rows(
                partition integer NOT NULL,
                key text NOT NULL,
                value bytea NOT NULL,
                PRIMARY KEY(partition, key)
            )
            """,
        ],
        // 2: the audit chain (AUDIT.md), as the SQLite store's step 3: hashes on each history
        // record; records from before it renumbered to end at 0, so that chains start at 1.
        [
            "ALTER TABLE case_history ADD COLUMN prev_hash text, ADD COLUMN hash text",
            """
            UPDATE case_history h SET seq = h.seq - t.top
            FROM (SELECT case_id, max(seq) AS top FROM case_history GROUP BY case_id) t
            WHERE h.case_id = t.case_id
            """,
            """
            CREATE TABLE audit_checkpoints(
                partition integer NOT NULL,
                seq bigint NOT NULL,
                record text NOT NULL,
                PRIMARY KEY(partition, seq)
            )
            """,
            "CREATE INDEX cases_by_partition_updated ON cases(partition, updated)",
        ],
        // 3: settings the store keeps about itself, as the SQLite store's step 4: first
        // `offsets_topic`, the topic the offsets belong to.
        [
            "CREATE TABLE store_settings(name text PRIMARY KEY, value text NOT NULL)",
        ],
    ]

    /// The schema version this code reads and writes.
    public static var currentSchemaVersion: Int { migrations.count }

    /// An arbitrary, fixed advisory-lock key: instances starting together migrate one at a time.
    private static let migrationLock: Int64 = 0x4C49_4149_534F_4E01

    /// Brings the database to ``currentSchemaVersion`` and returns it; refuses a database
    /// written by a newer Liaison, naming both versions.
    @discardableResult
    func migrate() async throws(StoreError) -> Int {
        let logger = self.logger
        let address = displayAddress
        return try await transaction("migrating the schema") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query("CREATE TABLE IF NOT EXISTS liaison_schema(version integer NOT NULL)", logger: logger)
            var stored = 0
            for try await version in try await connection.query("SELECT max(version) FROM liaison_schema", logger: logger).decode(Int?.self) {
                stored = version ?? 0
            }
            guard stored <= Self.currentSchemaVersion else {
                throw StoreError(
                    code: .schemaTooNew,
                    reason: "\(address) has schema version \(stored); this build of Liaison knows up to \(Self.currentSchemaVersion). Run the newer Liaison, or restore a backup taken before it migrated."
                )
            }
            guard stored < Self.currentSchemaVersion else { return stored }
            for version in (stored + 1)...Self.currentSchemaVersion {
                for statement in Self.migrations[version - 1] {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                logger.info("store schema migrated", metadata: ["store": "\(address)", "version": "\(version)"])
            }
            try await connection.query("DELETE FROM liaison_schema", logger: logger)
            try await connection.query("INSERT INTO liaison_schema(version) VALUES (\(Self.currentSchemaVersion))", logger: logger)
            return Self.currentSchemaVersion
        }
    }
}
