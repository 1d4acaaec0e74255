/// One record of a case's history, appended with the state it led to
/// (``StoreBatch/history``): an input applied, a timer fired, an output emitted.
///
/// History is append-only, numbered per case (``CaseHistoryRecord/seq``) in commit order and
/// chained by hash (AUDIT.md): the runtime computes each entry's ``link`` from the chain head in
/// the case state, so the store keeps the number and hashes it is given. The store keeps the
/// newest ``StoreBatch/historyPerCase`` records of each case and deletes them with the case.
public struct CaseHistoryEntry: Sendable, Hashable {
    /// What kind of thing happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An inbound event was applied.
        case input
        /// An output was emitted.
        case output
        /// A timer (deadline, reminder, escalation mark) fired.
        case timer
    }

    /// The case it belongs to.
    public var caseID: String
    /// When it happened (ms since the epoch): the event's time, the timer's due time, the
    /// output's time.
    public var at: Int64
    /// What kind of record.
    public var kind: Kind
    /// The details, one compact JSON object, written and read by the runtime only.
    public var entry: String
    /// Its place in the case's hash chain; nil numbers it `max(seq) + 1` without hashes (only
    /// tools and tests write such records).
    public var link: CaseHistoryLink?

    /// Creates an entry.
    public init(caseID: String, at: Int64, kind: Kind, entry: String, link: CaseHistoryLink? = nil) {
        self.caseID = caseID
        self.at = at
        self.kind = kind
        self.entry = entry
        self.link = link
    }
}

/// A history record's place in its case's hash chain, as the store keeps it.
public struct CaseHistoryLink: Sendable, Hashable {
    /// The sequence number.
    public var seq: Int64
    /// The previous record's hash, lowercase hex.
    public var prevHash: String
    /// This record's hash, lowercase hex.
    public var hash: String

    /// Creates a link.
    public init(seq: Int64, prevHash: String, hash: String) {
        self.seq = seq
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// A stored history record, with its place in the case's sequence.
public struct CaseHistoryRecord: Sendable, Hashable {
    /// 1 for the case's first record, then one more for each; never reused, also after the
    /// oldest records were dropped by the bound.
    public var seq: Int64
    /// When it happened (ms since the epoch).
    public var at: Int64
    /// What kind of record.
    public var kind: CaseHistoryEntry.Kind
    /// The details as JSON.
    public var entry: String
    /// The previous record's hash (hex); nil for a record from before the chain.
    public var prevHash: String?
    /// This record's hash (hex); nil for a record from before the chain.
    public var hash: String?

    /// Creates a record.
    public init(seq: Int64, at: Int64, kind: CaseHistoryEntry.Kind, entry: String, prevHash: String? = nil, hash: String? = nil) {
        self.seq = seq
        self.at = at
        self.kind = kind
        self.entry = entry
        self.prevHash = prevHash
        self.hash = hash
    }
}
