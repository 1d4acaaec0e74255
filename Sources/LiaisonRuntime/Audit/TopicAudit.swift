import LiaisonCore

/// Verifies what a holder of the output topics and `liaison.audit` can check without the store
/// (`liaison audit verify --bootstrap`, docs/AUDIT.md): each output's chain hash recomputed from
/// the record itself, no two outputs claiming one place in a chain with different hashes,
/// consecutive outputs linked, the checkpoint chains signed and linked, and every head a
/// checkpoint signed that is an output on the topics equal to it. Pure: the caller reads Kafka.
public struct TopicAudit: Sendable {
    /// One record read from a topic.
    public struct Record: Sendable {
        /// The topic it was read from.
        public var topic: String
        /// Its partition.
        public var partition: Int32
        /// Its offset.
        public var offset: Int64
        /// The record key (the case id on output topics).
        public var key: String
        /// Its headers by name (the last of a repeated name).
        public var headers: [String: String]
        /// The record value.
        public var value: [UInt8]

        /// Creates a record.
        public init(topic: String, partition: Int32, offset: Int64, key: String, headers: [String: String], value: [UInt8]) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
            self.key = key
            self.headers = headers
            self.value = value
        }

        var place: String { "\(topic)[\(partition)]@\(offset)" }
    }

    /// What verifying the topics found.
    public struct Report: Sendable {
        /// Outputs with chain headers read (repeats included).
        public var outputs = 0
        /// Checkpoints verified.
        public var checkpoints = 0
        /// Signed heads that are outputs on the topics, compared.
        public var headsCompared = 0
        /// The first problem, one line; nil when everything verifies.
        public var failure: String?
    }

    /// The audit topic's name.
    public var auditTopic: String
    /// Trusted public keys; empty: signatures are not checked.
    public var keys: [AuditPublicKey]

    /// Creates an audit.
    public init(auditTopic: String, keys: [AuditPublicKey]) {
        self.auditTopic = auditTopic
        self.keys = keys
    }

    /// Verifies the records read from the output topics and the audit topic.
    public func verify(_ records: [Record]) -> Report {
        var report = Report()
        // Checkpoints first: every check below leans on them.
        var byPartition: [Int32: [Int64: String]] = [:]
        for record in records where record.topic == auditTopic {
            let text = String(decoding: record.value, as: UTF8.self)
            guard let checkpoint = JSONValue.parseCheckpoint(text) else {
                report.failure = "checkpoint at \(record.place) unreadable"
                return report
            }
            if let seen = byPartition[checkpoint.partition]?[checkpoint.seq], seen != text {
                let other = JSONValue.parseCheckpoint(seen)
                let label = "checkpoint \(checkpoint.partition)/\(checkpoint.seq)"
                if !keys.isEmpty, let forged = [checkpoint, other].compactMap({ $0 }).first(where: { c in !keys.contains { $0.hasSigned(c) } }) {
                    report.failure = "\(label) checkpoint signature invalid: no trusted key signed one of the two records claiming it (its key id is \(forged.keyID))"
                } else {
                    report.failure = "\(label) checkpoint chain broken: two different records claim it"
                }
                return report
            }
            byPartition[checkpoint.partition, default: [:]][checkpoint.seq] = text
        }
        var signed: [String: [(seq: Int64, hash: [UInt8], checkpoint: String)]] = [:]
        let verifier = AuditCheckpointVerifier(keys: keys)
        for partition in byPartition.keys.sorted() {
            let records = (byPartition[partition] ?? [:]).sorted { $0.key < $1.key }.map { (seq: $0.key, record: $0.value) }
            let (checkpoints, failure) = verifier.verify(partition: partition, records: records)
            if let failure {
                report.failure = failure.description
                return report
            }
            report.checkpoints += checkpoints.count
            for checkpoint in checkpoints {
                for head in checkpoint.heads {
                    signed[head.caseID, default: []].append((head.seq, head.hash, "\(checkpoint.partition)/\(checkpoint.seq)"))
                }
            }
        }
        // Outputs: each recomputed from itself, one hash per place in a chain.
        var places: [String: [Int64: (hash: String, prev: String, record: Record)]] = [:]
        for record in records where record.topic != auditTopic {
            guard let seqText = record.headers[ChainHeaders.seq] else { continue }
            report.outputs += 1
            guard let seq = Int64(seqText), let hash = record.headers[ChainHeaders.hash], let prev = record.headers[ChainHeaders.prev],
                  let prevBytes = Hex.decode(prev), prevBytes.count == 32 else {
                report.failure = "output at \(record.place) (case \(record.key)) has malformed chain headers"
                return report
            }
            let data = try? JSONValue.parse(record.value)
            let entry = HistoryEntries.outputEntry(topic: record.topic, type: record.headers["ce_type"] ?? "", id: record.headers["ce_id"] ?? "",
                                                   unit: data?["unit"]?.stringValue ?? data?["lateUnit"]?.stringValue,
                                                   digest: AuditChain.digest(record.value))
            let at = record.headers["ce_time"].flatMap(Timestamp.init(rfc3339:))?.milliseconds ?? Int64.min
            let recomputed = AuditChain.hash(caseID: record.key, seq: seq, at: at, kind: "output", entry: entry, prevHash: prevBytes)
            guard Hex.encode(recomputed) == hash else {
                report.failure = "BROKEN: case \(record.key) seq \(seq) edited: the output at \(record.place) (id \(record.headers["ce_id"] ?? "?")) does not match its chain hash"
                return report
            }
            if let seen = places[record.key]?[seq], seen.hash != hash {
                report.failure = "BROKEN: case \(record.key) seq \(seq) inserted: the outputs at \(seen.record.place) and \(record.place) claim the same place with different hashes"
                return report
            }
            places[record.key, default: [:]][seq] = (hash, prev, record)
        }
        for caseID in places.keys.sorted() {
            let chain = places[caseID] ?? [:]
            for seq in chain.keys.sorted() {
                if let before = chain[seq - 1], let this = chain[seq], this.prev != before.hash {
                    report.failure = "BROKEN: case \(caseID) seq \(seq) reordered: the output at \(this.record.place) does not link to the one at \(before.record.place)"
                    return report
                }
            }
            for head in signed[caseID] ?? [] {
                guard let output = chain[head.seq] else { continue }
                report.headsCompared += 1
                if output.hash != Hex.encode(head.hash) {
                    report.failure = "BROKEN: case \(caseID) seq \(head.seq) edited: the output at \(output.record.place) differs from the head signed in checkpoint \(head.checkpoint)"
                    return report
                }
            }
        }
        return report
    }
}
