/// Checks one case's stored history against its hash chain and names the first broken link.
///
/// Pure: it sees the records (ordered by sequence number), the head the case state holds and
/// the store's history bound, and recomputes every hash. A record written before the chain
/// existed (sequence number ≤ 0, no hash) is counted, not verified.
public struct ChainVerifier: Sendable {
    /// One stored history record with its link, as read from a store.
    public struct Record: Hashable, Sendable {
        /// The sequence number.
        public var seq: Int64
        /// When it happened (ms since the epoch).
        public var at: Int64
        /// `input`, `output` or `timer`.
        public var kind: String
        /// The entry JSON, exactly as stored.
        public var entry: String
        /// The stored previous hash, as hex; nil before the chain existed.
        public var prevHash: String?
        /// The stored hash, as hex; nil before the chain existed.
        public var hash: String?

        /// Creates a record.
        public init(seq: Int64, at: Int64, kind: String, entry: String, prevHash: String?, hash: String?) {
            self.seq = seq
            self.at = at
            self.kind = kind
            self.entry = entry
            self.prevHash = prevHash
            self.hash = hash
        }
    }

    /// The case id (part of every hash).
    public var caseID: String
    /// The chain head of the case state; nil when the state holds none (a case from before the
    /// chain, or a state that could not be read).
    public var head: ChainHead?
    /// How many records the store keeps per case (`store.history_per_case`): the oldest kept
    /// record must be the head's `seq − keep + 1` or older; nil skips that check.
    public var keep: Int?

    /// Creates a verifier for one case.
    public init(caseID: String, head: ChainHead?, keep: Int?) {
        self.caseID = caseID
        self.head = head
        self.keep = keep
    }

    /// Verifies `records` (any order; they are sorted by sequence number).
    public func verify(_ records: [Record]) -> ChainVerification {
        let sorted = records.sorted { $0.seq < $1.seq }
        let legacy = sorted.prefix { $0.seq <= 0 && $0.hash == nil }
        let chained = Array(sorted.dropFirst(legacy.count))
        var result = ChainVerification(caseID: caseID, legacy: legacy.count, verified: 0, firstBreak: nil)
        if let first = chained.first, let head, let keep {
            let expectedFirst = max(1, head.seq - Int64(max(1, keep)) + 1)
            if first.seq > expectedFirst {
                result.firstBreak = ChainBreak(seq: expectedFirst, kind: .missing,
                                               detail: "the oldest kept entry is \(first.seq); with \(keep) kept per case it should be \(expectedFirst) or older")
                return result
            }
        }
        var previous: (seq: Int64, hash: [UInt8])?
        for (index, record) in chained.enumerated() {
            if !holds(record, asSeq: record.seq) {
                result.firstBreak = explain(record, at: index, in: chained)
                return result
            }
            let prevHash = Hex.decode(record.prevHash ?? "") ?? []
            if let previous {
                if record.seq != previous.seq + 1 {
                    result.firstBreak = ChainBreak(seq: previous.seq + 1, kind: .missing,
                                                   detail: "entry \(previous.seq + 1) is missing: \(previous.seq) is followed by \(record.seq)")
                    return result
                }
                if prevHash != previous.hash {
                    result.firstBreak = ChainBreak(seq: record.seq, kind: .edited,
                                                   detail: "its previous hash is not the hash of entry \(previous.seq)")
                    return result
                }
            } else if record.seq == 1 && prevHash != AuditChain.genesis {
                result.firstBreak = ChainBreak(seq: 1, kind: .edited, detail: "the first entry's previous hash is not 32 zero bytes")
                return result
            }
            previous = (record.seq, Hex.decode(record.hash ?? "") ?? [])
            result.verified += 1
        }
        guard let head else { return result }
        guard let last = previous else {
            result.firstBreak = ChainBreak(seq: head.seq, kind: .missing, detail: "the case state's chain ends at \(head.seq) but no entry is stored")
            return result
        }
        if last.seq < head.seq {
            result.firstBreak = ChainBreak(seq: last.seq + 1, kind: .missing,
                                           detail: "the case state's chain ends at \(head.seq), the stored history at \(last.seq)")
        } else if last.seq > head.seq {
            result.firstBreak = ChainBreak(seq: head.seq + 1, kind: .inserted,
                                           detail: "the case state's chain ends at \(head.seq), the stored history goes on to \(last.seq)")
        } else if last.hash != head.hash {
            result.firstBreak = ChainBreak(seq: last.seq, kind: .edited, detail: "its hash differs from the head the case state holds")
            result.verified -= 1
        }
        return result
    }

    /// Whether the record's stored hash is its content's hash when numbered `seq`.
    private func holds(_ record: Record, asSeq seq: Int64) -> Bool {
        guard let hash = record.hash.flatMap(Hex.decode), let prevHash = record.prevHash.flatMap(Hex.decode),
              prevHash.count == 32 else { return false }
        return AuditChain.hash(caseID: caseID, seq: seq, at: record.at, kind: record.kind, entry: record.entry, prevHash: prevHash) == hash
    }

    /// Why a record's hash does not hold: it was written under another number (moved: inserted
    /// before, missing before or reordered) or its content changed (edited).
    private func explain(_ record: Record, at index: Int, in chained: [Record]) -> ChainBreak {
        let span = Int64(chained.count) + 1
        let origin = (max(1, record.seq - span)...(record.seq + span)).first { $0 != record.seq && holds(record, asSeq: $0) }
        let later = chained.dropFirst(index + 1)
        guard let origin else {
            if let next = later.first, holds(next, asSeq: record.seq) {
                return ChainBreak(seq: record.seq, kind: .inserted, detail: "this entry was put in front of the one written as \(record.seq)")
            }
            if let head, record.seq > head.seq {
                return ChainBreak(seq: record.seq, kind: .inserted, detail: "the case state's chain ends at \(head.seq)")
            }
            return ChainBreak(seq: record.seq, kind: .edited, detail: "its content does not match its hash")
        }
        if origin < record.seq {
            return ChainBreak(seq: origin, kind: .inserted,
                              detail: "entry \(origin) was moved to \(record.seq): \(record.seq - origin) entr\(record.seq - origin == 1 ? "y was" : "ies were") inserted in its place")
        }
        if later.contains(where: { holds($0, asSeq: record.seq) }) {
            return ChainBreak(seq: record.seq, kind: .reordered, detail: "this place holds entry \(origin), and entry \(record.seq) is stored later")
        }
        return ChainBreak(seq: record.seq, kind: .missing, detail: "entry \(origin) was moved to \(record.seq): the entries before it are missing")
    }
}

/// The outcome of verifying one case's chain.
public struct ChainVerification: Hashable, Sendable {
    /// The case.
    public var caseID: String
    /// Records from before the chain existed: counted, not verified.
    public var legacy: Int
    /// Records verified, oldest first, before the first break.
    public var verified: Int
    /// The first broken link; nil when everything verifies.
    public var firstBreak: ChainBreak?

    /// Whether everything verifies.
    public var isVerified: Bool { firstBreak == nil }

    /// Creates an outcome.
    public init(caseID: String, legacy: Int, verified: Int, firstBreak: ChainBreak?) {
        self.caseID = caseID
        self.legacy = legacy
        self.verified = verified
        self.firstBreak = firstBreak
    }
}

/// The first broken link of a chain: which entry, and what differs.
public struct ChainBreak: Hashable, Sendable, CustomStringConvertible {
    /// What differs from the chain as written.
    public enum Kind: String, Hashable, Sendable {
        /// The entry's content, hash or link changed.
        case edited
        /// An entry is gone.
        case missing
        /// Entries are out of their order.
        case reordered
        /// An entry that was never written is there.
        case inserted
    }

    /// The sequence number of the entry the break is at.
    public var seq: Int64
    /// What differs.
    public var kind: Kind
    /// A sentence for the operator.
    public var detail: String

    /// Creates a break.
    public init(seq: Int64, kind: Kind, detail: String) {
        self.seq = seq
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "seq \(seq) \(kind.rawValue): \(detail)" }
}
