import Crypto

/// A signed statement of where a partition's case chains stood: published on `liaison.audit`
/// and kept in the store, each linked to the partition's previous checkpoint by hash.
///
/// Anyone holding the public key can check that the chain heads it lists are the ones the
/// history holds: an insider who rewrites a case's history (and its state's head) cannot make
/// the rewritten head match a checkpoint published before. AUDIT.md fixes the bytes.
public struct AuditCheckpoint: Hashable, Sendable {
    /// One case's chain head, as the checkpoint lists it.
    public struct Head: Hashable, Sendable {
        /// The case id.
        public var caseID: String
        /// The head's sequence number.
        public var seq: Int64
        /// The head's hash (32 bytes).
        public var hash: [UInt8]

        /// Creates a head.
        public init(caseID: String, seq: Int64, hash: [UInt8]) {
            self.caseID = caseID
            self.seq = seq
            self.hash = hash
        }
    }

    /// The inbound partition whose cases it covers.
    public var partition: Int32
    /// Its number among the partition's checkpoints, from 1.
    public var seq: Int64
    /// The hash of the partition's previous checkpoint (32 zero bytes before the first).
    public var prevHash: [UInt8]
    /// The heads of the cases whose chain moved since the previous checkpoint, by case id.
    public var heads: [Head]
    /// When it was made (ms since the epoch).
    public var time: Int64
    /// The signing key's id (``keyID(of:)``); empty when signing is off.
    public var keyID: String
    /// The Ed25519 signature of ``signedBytes``; empty when signing is off.
    public var signature: [UInt8]

    /// Creates an unsigned checkpoint; `heads` are sorted by case id.
    public init(partition: Int32, seq: Int64, prevHash: [UInt8], heads: [Head], time: Int64, keyID: String = "", signature: [UInt8] = []) {
        self.partition = partition
        self.seq = seq
        self.prevHash = prevHash
        self.heads = heads.sorted { Array($0.caseID.utf8).lexicographicallyPrecedes(Array($1.caseID.utf8)) }
        self.time = time
        self.keyID = keyID
        self.signature = signature
    }

    /// The Merkle root over ``heads`` (``merkleRoot(_:)``).
    public var root: [UInt8] { Self.merkleRoot(heads) }

    /// The bytes signed and hashed:
    /// `"liaison.checkpoint.v1" ‖ be32(partition) ‖ be64(seq) ‖ prevHash ‖ root ‖ be64(count of heads) ‖ be64(time) ‖ lp(keyID)`.
    public var signedBytes: [UInt8] {
        var bytes = Array("liaison.checkpoint.v1".utf8)
        Self.append(UInt32(bitPattern: partition), to: &bytes)
        Self.append(seq, to: &bytes)
        bytes += prevHash
        bytes += root
        Self.append(Int64(heads.count), to: &bytes)
        Self.append(time, to: &bytes)
        Self.append(UInt32(keyID.utf8.count), to: &bytes)
        bytes += Array(keyID.utf8)
        return bytes
    }

    /// SHA-256 of ``signedBytes``: what the next checkpoint's ``prevHash`` holds.
    public var hash: [UInt8] { Array(SHA256.hash(data: signedBytes)) }

    /// Signs with `key`, setting ``keyID`` and ``signature``.
    public mutating func sign(with key: Curve25519.Signing.PrivateKey) throws {
        keyID = Self.keyID(of: key.publicKey)
        signature = Array(try key.signature(for: signedBytes))
    }

    /// Whether ``signature`` is `key`'s signature of ``signedBytes``.
    public func isSigned(by key: Curve25519.Signing.PublicKey) -> Bool {
        keyID == Self.keyID(of: key) && key.isValidSignature(signature, for: signedBytes)
    }

    /// A public key's id: the first 16 hex digits of SHA-256 of its 32 raw bytes.
    public static func keyID(of key: Curve25519.Signing.PublicKey) -> String {
        String(Hex.encode(Array(SHA256.hash(data: key.rawRepresentation))).prefix(16))
    }

    /// The Merkle root of heads in case id order: a leaf is
    /// `SHA-256(0x00 ‖ lp(caseID) ‖ be64(seq) ‖ hash)`, a node `SHA-256(0x01 ‖ left ‖ right)`; an odd
    /// last node goes up a level unchanged; no heads give 32 zero bytes.
    public static func merkleRoot(_ heads: [Head]) -> [UInt8] {
        var level: [[UInt8]] = heads.map { head in
            var bytes: [UInt8] = [0]
            append(UInt32(head.caseID.utf8.count), to: &bytes)
            bytes += Array(head.caseID.utf8)
            append(head.seq, to: &bytes)
            bytes += head.hash
            return Array(SHA256.hash(data: bytes))
        }
        guard !level.isEmpty else { return AuditChain.genesis }
        while level.count > 1 {
            var next: [[UInt8]] = []
            var index = 0
            while index < level.count {
                if index + 1 < level.count {
                    next.append(Array(SHA256.hash(data: [1] + level[index] + level[index + 1])))
                } else {
                    next.append(level[index])
                }
                index += 2
            }
            level = next
        }
        return level[0]
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { bytes += $0 }
    }
}
