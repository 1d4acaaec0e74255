import Crypto

extension AuditCheckpoint {
    /// The record published on `liaison.audit` and kept in the store: every signed field, the
    /// heads it covers, the Merkle root and hash (for readers; a verifier recomputes both) and
    /// the signature, hashes and signature in lowercase hex.
    public var json: JSONValue {
        .object([
            ("version", .integer(1)),
            ("partition", .integer(Int64(partition))),
            ("seq", .integer(seq)),
            ("prevHash", .string(Hex.encode(prevHash))),
            ("root", .string(Hex.encode(root))),
            ("cases", .integer(Int64(heads.count))),
            ("time", .integer(time)),
            ("keyId", .string(keyID)),
            ("heads", .array(heads.map {
                .object([("case", .string($0.caseID)), ("seq", .integer($0.seq)), ("hash", .string(Hex.encode($0.hash)))])
            })),
            ("hash", .string(Hex.encode(hash))),
            ("signature", .string(Hex.encode(signature))),
        ])
    }

    /// Reads a record written by ``json``; nil when a field is missing or malformed. The
    /// stored `root` and `hash` are not trusted: ``AuditCheckpointVerifier`` recomputes them.
    public init?(json value: JSONValue) {
        guard value["version"]?.integerValue == 1,
              let partition = value["partition"]?.integerValue, let partition32 = Int32(exactly: partition),
              let seq = value["seq"]?.integerValue, let prevHash = value["prevHash"]?.stringValue.flatMap(Hex.decode),
              let time = value["time"]?.integerValue, let keyID = value["keyId"]?.stringValue,
              let signature = value["signature"]?.stringValue.flatMap(Hex.decode), let list = value["heads"]?.arrayValue
        else { return nil }
        var heads: [Head] = []
        for item in list {
            guard let caseID = item["case"]?.stringValue, let headSeq = item["seq"]?.integerValue,
                  let hash = item["hash"]?.stringValue.flatMap(Hex.decode) else { return nil }
            heads.append(Head(caseID: caseID, seq: headSeq, hash: hash))
        }
        self.init(partition: partition32, seq: seq, prevHash: prevHash, heads: heads, time: time, keyID: keyID, signature: signature)
        // The record's own order must be the canonical one, or its root would not be the signed one.
        guard heads == self.heads else { return nil }
    }
}

/// An Ed25519 private key that signs checkpoints. Its file form is the 32 raw bytes (the seed)
/// as 64 hex digits; whitespace around them is ignored.
public struct AuditSigningKey: Sendable {
    let key: Curve25519.Signing.PrivateKey

    /// Reads a key from its hex form; nil when it is not 32 bytes of hex.
    public init?(hex text: String) {
        guard let bytes = Hex.decode(text.trimmingWhitespace), bytes.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes) else { return nil }
        self.key = key
    }

    /// A new random key.
    public static func generate() -> AuditSigningKey { AuditSigningKey(key: Curve25519.Signing.PrivateKey()) }

    private init(key: Curve25519.Signing.PrivateKey) { self.key = key }

    /// The key's hex form (the content of a key file).
    public var hex: String { Hex.encode(Array(key.rawRepresentation)) }

    /// Its public key.
    public var publicKey: AuditPublicKey { AuditPublicKey(key: key.publicKey) }

    /// Signs `checkpoint`, setting its key id and signature.
    public func sign(_ checkpoint: inout AuditCheckpoint) throws {
        try checkpoint.sign(with: key)
    }
}

/// An Ed25519 public key that checks checkpoint signatures; its file form is 64 hex digits.
public struct AuditPublicKey: Sendable, Hashable {
    let key: Curve25519.Signing.PublicKey

    init(key: Curve25519.Signing.PublicKey) { self.key = key }

    /// Reads a key from its hex form; nil when it is not 32 bytes of hex.
    public init?(hex text: String) {
        guard let bytes = Hex.decode(text.trimmingWhitespace), bytes.count == 32,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else { return nil }
        self.key = key
    }

    /// The key's hex form (the content of a public key file).
    public var hex: String { Hex.encode(Array(key.rawRepresentation)) }

    /// The key id checkpoints name (``AuditCheckpoint/keyID(of:)``).
    public var id: String { AuditCheckpoint.keyID(of: key) }

    /// Whether `checkpoint` carries this key's valid signature.
    public func hasSigned(_ checkpoint: AuditCheckpoint) -> Bool { checkpoint.isSigned(by: key) }

    public static func == (lhs: AuditPublicKey, rhs: AuditPublicKey) -> Bool { lhs.hex == rhs.hex }
    public func hash(into hasher: inout Hasher) { hasher.combine(hex) }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
