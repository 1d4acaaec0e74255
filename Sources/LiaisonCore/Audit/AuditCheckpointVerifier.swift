/// Checks one partition's checkpoints: each signed by a trusted key, each linked to the one
/// before by hash and number. Pure; the store or a topic supplies the records.
public struct AuditCheckpointVerifier: Sendable {
    /// The keys whose signatures are trusted (several during a key rotation); empty: signatures
    /// are not checked (the report says so).
    public var keys: [AuditPublicKey]

    /// Creates a verifier.
    public init(keys: [AuditPublicKey]) {
        self.keys = keys
    }

    /// What is wrong with a checkpoint.
    public struct Failure: Hashable, Sendable, CustomStringConvertible {
        /// The kinds of failure.
        public enum Kind: String, Hashable, Sendable {
            /// The record cannot be read.
            case unreadable = "checkpoint unreadable"
            /// Not signed by any trusted key.
            case signatureInvalid = "checkpoint signature invalid"
            /// Its number or previous hash does not follow the checkpoint before it.
            case chainBroken = "checkpoint chain broken"
        }

        /// The partition.
        public var partition: Int32
        /// The checkpoint's number.
        public var seq: Int64
        /// What is wrong.
        public var kind: Kind
        /// A sentence for the operator.
        public var detail: String

        public var description: String { "checkpoint \(partition)/\(seq) \(kind.rawValue): \(detail)" }
    }

    /// Verifies one partition's checkpoints given as (stored number, record JSON), in number
    /// order; returns the parsed checkpoints and the first failure.
    public func verify(partition: Int32, records: [(seq: Int64, record: String)]) -> (checkpoints: [AuditCheckpoint], failure: Failure?) {
        var checkpoints: [AuditCheckpoint] = []
        var previous: AuditCheckpoint?
        for (seq, text) in records {
            guard let value = try? JSONValue.parse(Array(text.utf8)), let checkpoint = AuditCheckpoint(json: value),
                  checkpoint.partition == partition, checkpoint.seq == seq else {
                return (checkpoints, Failure(partition: partition, seq: seq, kind: .unreadable, detail: "not a checkpoint record of this partition and number"))
            }
            if !keys.isEmpty && !keys.contains(where: { $0.hasSigned(checkpoint) }) {
                let detail = checkpoint.keyID.isEmpty ? "it is not signed" : "no trusted key signed it (its key id is \(checkpoint.keyID))"
                return (checkpoints, Failure(partition: partition, seq: seq, kind: .signatureInvalid, detail: detail))
            }
            if let previous {
                if checkpoint.seq != previous.seq + 1 {
                    return (checkpoints, Failure(partition: partition, seq: previous.seq + 1, kind: .chainBroken,
                                                 detail: "checkpoint \(previous.seq) is followed by \(checkpoint.seq)"))
                }
                if checkpoint.prevHash != previous.hash {
                    return (checkpoints, Failure(partition: partition, seq: seq, kind: .chainBroken,
                                                 detail: "its previous hash is not the hash of checkpoint \(previous.seq)"))
                }
            } else if checkpoint.seq == 1 && checkpoint.prevHash != AuditChain.genesis {
                return (checkpoints, Failure(partition: partition, seq: 1, kind: .chainBroken, detail: "the first checkpoint's previous hash is not 32 zero bytes"))
            }
            checkpoints.append(checkpoint)
            previous = checkpoint
        }
        return (checkpoints, nil)
    }
}
