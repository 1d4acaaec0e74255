import LiaisonCore
import Synchronization

/// One dead letter as `GET /v1/deadletters` shows it: when, why, and where its record was.
public struct DeadLetterNote: Sendable, Hashable {
    /// Where a refused record was published.
    public struct Source: Sendable, Hashable {
        /// The topic (a department topic, or an output topic for an undeliverable output).
        public var topic: String
        /// Its partition, when known.
        public var partition: Int32?
        /// Its offset, when known.
        public var offset: Int64?

        /// Creates a source.
        public init(topic: String, partition: Int32? = nil, offset: Int64? = nil) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
        }
    }

    /// Longest reason kept, in characters: the dead-letter topic keeps the whole one.
    public static let reasonCharacters = 200

    /// When the daemon refused it.
    public var time: Timestamp
    /// The reason code (`liaison.reason.code`).
    public var code: String
    /// `router`, `engine` or `publisher`.
    public var stage: String
    /// The refused record's place; nil for an event that waited in a case inbox (its record
    /// was consumed long before).
    public var source: Source?
    /// The case, when the record named one the daemon could read.
    public var caseID: String?
    /// The reason, cut to ``reasonCharacters``.
    public var reason: String

    /// Creates a note; the reason is cut to ``reasonCharacters``.
    public init(time: Timestamp, code: String, stage: String, source: Source?, caseID: String?, reason: String) {
        self.time = time
        self.code = code
        self.stage = stage
        self.source = source
        self.caseID = caseID
        self.reason = reason.count > Self.reasonCharacters ? String(reason.prefix(Self.reasonCharacters)) + "…" : reason
    }
}

/// The newest dead letters of this process, in memory: a quick look for operators. The
/// dead-letter topic is the durable record; this ring is per instance and starts empty.
public final class DeadLetterRing: Sendable {
    /// How many notes the daemon keeps.
    public static let defaultCapacity = 500

    private struct Ring {
        var notes: [DeadLetterNote] = []
        var next = 0
        var total = 0
    }

    /// The most notes kept; older ones are dropped.
    public let capacity: Int
    private let ring = Mutex(Ring())

    /// Creates an empty ring.
    public init(capacity: Int = DeadLetterRing.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// Adds notes, dropping the oldest beyond ``capacity``.
    public func record(_ notes: [DeadLetterNote]) {
        guard !notes.isEmpty else { return }
        ring.withLock { ring in
            for note in notes {
                if ring.notes.count < capacity {
                    ring.notes.append(note)
                } else {
                    ring.notes[ring.next] = note
                }
                ring.next = (ring.next + 1) % capacity
                ring.total += 1
            }
        }
    }

    /// The notes kept, newest first, and how many were recorded since start.
    public func recent() -> (notes: [DeadLetterNote], total: Int) {
        ring.withLock { ring in
            let ordered = ring.notes.count < capacity
                ? ring.notes
                : Array(ring.notes[ring.next...] + ring.notes[..<ring.next])
            return (ordered.reversed(), ring.total)
        }
    }
}
