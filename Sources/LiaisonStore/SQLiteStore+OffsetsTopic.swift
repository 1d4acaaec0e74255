extension SQLiteStore {
    /// Records, in one write transaction, which topic the stored offsets belong to, unless a
    /// topic is recorded already, and returns the recorded one (see
    /// ``StateStore/bindOffsets(to:legacy:)`` for which topic is recorded).
    public func bindOffsets(to topic: String, legacy: String) throws(StoreError) -> String {
        let (bound, recorded) = try locked { connection throws(StoreError) -> (String, Bool) in
            try connection.transaction { () throws(StoreError) -> (String, Bool) in
                let stored = try connection.withStatement(
                    "SELECT value FROM store_settings WHERE name = ?", [.text(StoreSetting.offsetsTopic)]
                ) { statement throws(StoreError) -> String? in try statement.step() ? statement.text(0) : nil }
                if let stored { return (stored, false) }
                let holdsOffsets = try connection.scalar("SELECT EXISTS(SELECT 1 FROM offsets)") == 1
                let bound = holdsOffsets ? legacy : topic
                try connection.run(
                    "INSERT INTO store_settings(name, value) VALUES (?, ?)", [.text(StoreSetting.offsetsTopic), .text(bound)]
                )
                return (bound, true)
            }
        }
        if recorded {
            logger.info("store offsets bound to a topic", metadata: ["topic": "\(bound)", "requested": "\(topic)"])
        }
        return bound
    }

    /// ``bindOffsets(to:legacy:)`` on the store's queue.
    public func bindOffsets(to topic: String, legacy: String) async throws(StoreError) -> String {
        try await onQueue { store throws(StoreError) in try store.bindOffsets(to: topic, legacy: legacy) }
    }
}
