import LiaisonStore
import PostgresNIO

extension PostgresStore {
    /// Records which topic the stored offsets belong to, unless a topic is recorded already, and
    /// returns the recorded one (see ``StateStore/bindOffsets(to:legacy:)`` for which).
    ///
    /// One transaction at read committed (set here, whatever the server's default): the insert
    /// of an instance that loses the race waits on the setting's key until the winner commits,
    /// then does nothing, and the read after it, a statement with a new snapshot, sees the
    /// winner's topic. Once recorded, the setting is never changed.
    public func bindOffsets(to topic: String, legacy: String) async throws(StoreError) -> String {
        let logger = self.logger
        let name = StoreSetting.offsetsTopic
        let (bound, recorded) = try await transaction("binding the offsets to a topic") { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL READ COMMITTED", logger: logger)
            var inserted: [String] = []
            let insert = try await connection.query("""
                INSERT INTO store_settings(name, value)
                SELECT \(name), CASE WHEN EXISTS (SELECT 1 FROM offsets) THEN \(legacy) ELSE \(topic) END
                ON CONFLICT (name) DO NOTHING
                RETURNING value
                """, logger: logger)
            for try await value in insert.decode(String.self) { inserted.append(value) }
            if let value = inserted.first { return (value, true) }
            var stored: [String] = []
            let read = try await connection.query("SELECT value FROM store_settings WHERE name = \(name)", logger: logger)
            for try await value in read.decode(String.self) { stored.append(value) }
            guard let value = stored.first else {
                throw StoreError(code: .database, reason: "binding the offsets to a topic: the setting \(name) was neither inserted nor found")
            }
            return (value, false)
        }
        if recorded {
            logger.info("store offsets bound to a topic", metadata: ["topic": "\(bound)", "requested": "\(topic)"])
        }
        return bound
    }
}
