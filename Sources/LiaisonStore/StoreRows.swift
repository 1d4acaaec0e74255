/// The store's tables as plain rows, for moving a whole store from one implementation to
/// another (`liaison store copy`): the SQLite store reads them out in chunks
/// (``SQLiteStore/exportRows(_:after:limit:)``), the PostgreSQL store writes them in.
///
/// Rows are copied as stored, not as the runtime would rewrite them: summary columns stay as
/// they are (also half-filled or absent ones), outbox headers stay encoded, history keeps its
/// sequence numbers and the outbox its sequence order.

/// One table of the store, in the order a copy moves them.
public enum StoreTable: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Case states with their summaries.
    case cases
    /// Each case's history records.
    case caseHistory = "case_history"
    /// Durable timers.
    case timers
    /// Messages waiting to be published.
    case outbox
    /// Per partition, the next input offset.
    case offsets
    /// Per partition, the fencing epoch.
    case leases
    /// Per partition, metric contributions.
    case metricRows = "metric_rows"
    /// Per partition, the signed audit checkpoints: evidence a moved site must keep.
    case auditCheckpoints = "audit_checkpoints"
    /// Settings the store keeps about itself (``StoreSetting``), such as the topic its offsets
    /// belong to: a copy whose offsets forgot their topic could be read against another.
    case storeSettings = "store_settings"

    /// The table's name in both stores' schemas, as operators read it in messages.
    public var description: String { rawValue }
}

/// One row of `cases`, every column as stored.
public struct CaseRow: Sendable, Hashable {
    /// The case id.
    public var id: String
    /// The case's partition.
    public var partition: Int32
    /// The serialized state.
    public var state: [UInt8]
    /// When the row was last written (ms since the epoch).
    public var updated: Int64
    /// Summary column `workflow`.
    public var workflow: String?
    /// Summary column `version`.
    public var version: Int32?
    /// Summary column `status` (nil: summary not known yet).
    public var status: String?
    /// Summary column `open_units`, in its stored `,a,b,` form.
    public var openUnits: String?
    /// Summary column `next_deadline`.
    public var nextDeadline: Int64?
    /// Summary column `opened_at`.
    public var openedAt: Int64?

    /// Creates a row.
    public init(id: String, partition: Int32, state: [UInt8], updated: Int64, workflow: String?, version: Int32?,
                status: String?, openUnits: String?, nextDeadline: Int64?, openedAt: Int64?) {
        self.id = id
        self.partition = partition
        self.state = state
        self.updated = updated
        self.workflow = workflow
        self.version = version
        self.status = status
        self.openUnits = openUnits
        self.nextDeadline = nextDeadline
        self.openedAt = openedAt
    }
}

/// One row of `case_history`, with its sequence number.
public struct CaseHistoryRow: Sendable, Hashable {
    /// The case it belongs to.
    public var caseID: String
    /// Its number in the case's sequence.
    public var seq: Int64
    /// When it happened (ms since the epoch).
    public var at: Int64
    /// The kind, as stored (`input`, `output`, `timer`).
    public var kind: String
    /// The details as JSON.
    public var entry: String
    /// The previous record's hash (hex); nil for a record from before the chain.
    public var prevHash: String?
    /// This record's hash (hex); nil for a record from before the chain.
    public var hash: String?

    /// Creates a row.
    public init(caseID: String, seq: Int64, at: Int64, kind: String, entry: String, prevHash: String? = nil, hash: String? = nil) {
        self.caseID = caseID
        self.seq = seq
        self.at = at
        self.kind = kind
        self.entry = entry
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// One row of `outbox`, with its sequence number and its headers still encoded.
public struct OutboxRow: Sendable, Hashable {
    /// The position in the outbox.
    public var sequence: Int64
    /// The inbound partition that produced it.
    public var partition: Int32
    /// The destination topic.
    public var topic: String
    /// The record key, or nil for a null key.
    public var key: [UInt8]?
    /// The headers in ``OutboxHeaderCodec``'s encoding.
    public var headers: [UInt8]
    /// The record value, or nil for a tombstone.
    public var value: [UInt8]?

    /// Creates a row.
    public init(sequence: Int64, partition: Int32, topic: String, key: [UInt8]?, headers: [UInt8], value: [UInt8]?) {
        self.sequence = sequence
        self.partition = partition
        self.topic = topic
        self.key = key
        self.headers = headers
        self.value = value
    }
}

/// One row of `offsets`.
public struct OffsetRow: Sendable, Hashable {
    /// The input partition.
    public var partition: Int32
    /// The next input offset to read.
    public var nextOffset: Int64

    /// Creates a row.
    public init(partition: Int32, nextOffset: Int64) {
        self.partition = partition
        self.nextOffset = nextOffset
    }
}

/// One row of `leases`: a partition's epoch. The owner is not carried: a copied store is
/// owned by nobody until an instance acquires its partitions (at the next epoch).
public struct LeaseRow: Sendable, Hashable {
    /// The input partition.
    public var partition: Int32
    /// The partition's current epoch.
    public var epoch: Int64

    /// Creates a row.
    public init(partition: Int32, epoch: Int64) {
        self.partition = partition
        self.epoch = epoch
    }
}

/// One row of `store_settings`: a setting the store keeps about itself.
public struct StoreSettingRow: Sendable, Hashable {
    /// The setting's name, one of ``StoreSetting``'s.
    public var name: String
    /// Its value.
    public var value: String

    /// Creates a row.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Rows of one table.
public enum StoreRows: Sendable, Hashable {
    /// Rows of `cases`.
    case cases([CaseRow])
    /// Rows of `case_history`.
    case caseHistory([CaseHistoryRow])
    /// Rows of `timers`.
    case timers([StoredTimer])
    /// Rows of `outbox`.
    case outbox([OutboxRow])
    /// Rows of `offsets`.
    case offsets([OffsetRow])
    /// Rows of `leases`.
    case leases([LeaseRow])
    /// Rows of `metric_rows`.
    case metricRows([MetricRow])
    /// Rows of `audit_checkpoints`.
    case auditCheckpoints([StoredCheckpoint])
    /// Rows of `store_settings`.
    case storeSettings([StoreSettingRow])

    /// The table they belong to.
    public var table: StoreTable {
        switch self {
        case .cases: .cases
        case .caseHistory: .caseHistory
        case .timers: .timers
        case .outbox: .outbox
        case .offsets: .offsets
        case .leases: .leases
        case .metricRows: .metricRows
        case .auditCheckpoints: .auditCheckpoints
        case .storeSettings: .storeSettings
        }
    }

    /// How many rows.
    public var count: Int {
        switch self {
        case .cases(let rows): rows.count
        case .caseHistory(let rows): rows.count
        case .timers(let rows): rows.count
        case .outbox(let rows): rows.count
        case .offsets(let rows): rows.count
        case .leases(let rows): rows.count
        case .metricRows(let rows): rows.count
        case .auditCheckpoints(let rows): rows.count
        case .storeSettings(let rows): rows.count
        }
    }
}

/// Where a chunked export goes on: after the primary key of the last row read. Opaque to the
/// caller, who hands it back to the next call.
public struct StoreRowCursor: Sendable, Hashable {
    /// The text part of the key (case id, timer id, metric key, setting name), empty when the
    /// key has none.
    let text: String
    /// The number part of the key (history seq, outbox seq, partition), 0 when it has none.
    /// Tables keyed by a partition and a number keep the partition in ``text``, as decimal.
    let number: Int64
}

/// One chunk of an export: some rows of one table, in primary-key order, and where the next
/// chunk starts.
public struct StoreRowChunk: Sendable, Hashable {
    /// The rows.
    public var rows: StoreRows
    /// The cursor to pass for the next chunk; nil when this chunk ended the table.
    public var next: StoreRowCursor?
}
