/// What the store knows of a case without decoding its state: enough to count open cases per
/// workflow version, list cases by filter and find the overdue ones.
///
/// The runtime derives it from the decoded state and writes it with every state
/// (``StoreBatch/CaseState/summary``); the store keeps it in plain columns beside the opaque
/// state, so that a store of any kind can filter on it with simple SQL.
public struct CaseSummary: Sendable, Hashable {
    /// Where the case is in its life, as the store keeps it.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Only events waiting for the case to open; no workflow yet.
        case inbox
        /// Running.
        case open
        /// Finished at the workflow's end.
        case closed
        /// Withdrawn by the applicant.
        case withdrawn
    }

    /// The workflow id; nil while an inbox.
    public var workflow: String?
    /// The workflow version the case follows; nil while an inbox.
    public var version: Int?
    /// Where the case is.
    public var status: Status
    /// The units that owe something now (an open task, or the lead for a declined one), sorted
    /// and without repeats.
    public var openUnits: [String]
    /// The earliest deadline (ms since the epoch) an open, running task has still to meet; nil
    /// when there is none. A case is overdue once this lies in the past.
    public var nextDeadline: Int64?
    /// When the case opened (ms since the epoch); nil while an inbox.
    public var openedAt: Int64?

    /// Creates a summary; `openUnits` is sorted and deduplicated.
    public init(workflow: String?, version: Int?, status: Status, openUnits: [String] = [],
                nextDeadline: Int64? = nil, openedAt: Int64? = nil) {
        self.workflow = workflow
        self.version = version
        self.status = status
        self.openUnits = Array(Set(openUnits)).sorted()
        self.nextDeadline = nextDeadline
        self.openedAt = openedAt
    }
}

/// How many cases of one (workflow, version, status) the store holds.
public struct CaseCount: Sendable, Hashable {
    /// The workflow id; nil for inboxes and for rows whose summary is not known yet.
    public var workflow: String?
    /// The workflow version; nil as `workflow`.
    public var version: Int?
    /// The status; nil for rows written before summaries were kept and not yet backfilled.
    public var status: CaseSummary.Status?
    /// How many cases.
    public var count: Int

    /// Creates a count.
    public init(workflow: String?, version: Int?, status: CaseSummary.Status?, count: Int) {
        self.workflow = workflow
        self.version = version
        self.status = status
        self.count = count
    }
}

/// Which cases ``StateStoreCatalog/listCases(_:after:limit:)`` returns; every set field must
/// match (nil fields match anything).
public struct CaseFilter: Sendable, Hashable {
    /// Only cases of this workflow id.
    public var workflow: String?
    /// Only cases of this workflow version.
    public var version: Int?
    /// Only cases in this status.
    public var status: CaseSummary.Status?
    /// Only cases in which this unit owes something now (see ``CaseSummary/openUnits``).
    public var unit: String?
    /// Only cases whose ``CaseSummary/nextDeadline`` lies before this instant (ms since the
    /// epoch): the caller passes its clock, the store reads none.
    public var overdueAt: Int64?

    /// Creates a filter; the default matches every case.
    public init(workflow: String? = nil, version: Int? = nil, status: CaseSummary.Status? = nil,
                unit: String? = nil, overdueAt: Int64? = nil) {
        self.workflow = workflow
        self.version = version
        self.status = status
        self.unit = unit
        self.overdueAt = overdueAt
    }
}

/// One case of a list: its id, partition, summary and when it was last written.
public struct CaseListing: Sendable, Hashable {
    /// The case id.
    public var id: String
    /// The case's partition.
    public var partition: Int32
    /// The summary; nil for a row written before summaries were kept and not yet backfilled.
    public var summary: CaseSummary?
    /// When the row was last written (ms since the epoch, the store's clock).
    public var updated: Int64

    /// Creates a listing.
    public init(id: String, partition: Int32, summary: CaseSummary?, updated: Int64) {
        self.id = id
        self.partition = partition
        self.summary = summary
        self.updated = updated
    }
}

/// One page of a case list, in case id order.
public struct CasePage: Sendable, Hashable {
    /// The cases of this page.
    public var cases: [CaseListing]
    /// The id to pass as `after` for the next page; nil on the last page.
    public var next: String?

    /// Creates a page.
    public init(cases: [CaseListing], next: String?) {
        self.cases = cases
        self.next = next
    }
}

/// A stored case as it is, for the summary backfill.
public struct StoredCase: Sendable, Hashable {
    /// The case id.
    public var id: String
    /// The case's partition.
    public var partition: Int32
    /// The serialized state.
    public var state: [UInt8]

    /// Creates a stored case.
    public init(id: String, partition: Int32, state: [UInt8]) {
        self.id = id
        self.partition = partition
        self.state = state
    }
}

/// A summary computed for a row that had none, to be written only if the row is unchanged.
public struct SummaryFill: Sendable, Hashable {
    /// The case id.
    public var caseID: String
    /// The state the summary was computed from; a row whose state differs by now is left alone.
    public var state: [UInt8]
    /// The summary.
    public var summary: CaseSummary

    /// Creates a fill.
    public init(caseID: String, state: [UInt8], summary: CaseSummary) {
        self.caseID = caseID
        self.state = state
        self.summary = summary
    }
}

extension CaseSummary.Status {
    /// A status as a store reads it back from a row; an unknown value is corrupt data.
    public init(stored text: String) throws(StoreError) {
        guard let status = Self(rawValue: text) else {
            throw StoreError(code: .corruptData, reason: "a case row has status '\(text)'")
        }
        self = status
    }
}
