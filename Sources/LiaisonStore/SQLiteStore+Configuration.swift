extension SQLiteStore {
    /// How the SQLite store trades durability for speed; the defaults are what the daemon's
    /// exactly-once guarantee needs.
    public struct Configuration: Sendable {
        /// SQLite's `synchronous` setting in WAL mode.
        public enum Synchronous: String, Sendable {
            /// Every commit fsyncs the write-ahead log: a committed batch survives process
            /// crashes and power loss. The default and the only setting that keeps the
            /// daemon's guarantee.
            case full = "FULL"
            /// The log is fsynced only at checkpoints: a committed batch survives a process
            /// crash but the last commits may be lost on power loss. For tests and benchmarks.
            case normal = "NORMAL"
        }

        /// Durability of each commit; `.full` unless you accept losing commits on power loss.
        public var synchronous: Synchronous
        /// How long a call waits for a lock held by another connection before failing with
        /// a retriable `busy` error.
        public var busyTimeout: Duration

        /// Write-ahead log pages (4 KiB each) after which a checkpoint copies the log back into
        /// the database, on a thread of its own (default 8,192: 32 MiB). A larger log means
        /// fewer copies of pages that batches rewrite often, at the price of disk space.
        public var checkpointPages: Int32 = 8_192

        /// SQLite's page cache, in KiB (default 64 MiB).
        public var cacheKiB: Int
        /// How much of the file SQLite maps into memory for reads (default 256 MiB; 0 = none).
        public var mmapBytes: Int

        /// Creates a configuration; the defaults suit production.
        public init(synchronous: Synchronous = .full, busyTimeout: Duration = .seconds(5),
                    cacheKiB: Int = 64 * 1024, mmapBytes: Int = 256 << 20) {
            self.synchronous = synchronous
            self.busyTimeout = busyTimeout
            self.cacheKiB = cacheKiB
            self.mmapBytes = mmapBytes
        }

        /// ``busyTimeout`` in whole milliseconds, for `PRAGMA busy_timeout`.
        var busyTimeoutMilliseconds: Int64 {
            max(0, busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000)
        }
    }
}
