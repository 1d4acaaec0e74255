import LiaisonCore
import Testing

@Suite("Audit checkpoints are signed, chained, and checked against the keys an operator trusts")
struct AuditCheckpointTests {
    static func heads(_ count: Int, salt: UInt8 = 0) -> [AuditCheckpoint.Head] {
        (0..<count).map { AuditCheckpoint.Head(caseID: "C-\($0)", seq: Int64($0 + 1), hash: Array(repeating: UInt8($0) ^ salt, count: 32)) }
    }

    /// Three checkpoints of partition 2, signed with `key`, as (seq, record) pairs.
    static func chain(signedWith key: AuditSigningKey) throws -> [(seq: Int64, record: String)] {
        var records: [(seq: Int64, record: String)] = []
        var prevHash = AuditChain.genesis
        for seq in 1...3 {
            var checkpoint = AuditCheckpoint(partition: 2, seq: Int64(seq), prevHash: prevHash, heads: heads(seq + 2, salt: UInt8(seq)),
                                             time: 1_772_000_000_000 + Int64(seq))
            try key.sign(&checkpoint)
            records.append((Int64(seq), checkpoint.json.serializedString))
            prevHash = checkpoint.hash
        }
        return records
    }

    @Test func aSignedChainVerifiesWithItsKeyAndRoundTripsThroughItsRecord() throws {
        let key = AuditSigningKey.generate()
        let records = try Self.chain(signedWith: key)
        let (checkpoints, failure) = AuditCheckpointVerifier(keys: [key.publicKey]).verify(partition: 2, records: records)
        #expect(failure == nil)
        #expect(checkpoints.count == 3)
        #expect(checkpoints[1].heads == Self.heads(4, salt: 2))
        #expect(AuditPublicKey(hex: key.publicKey.hex) == key.publicKey)
        #expect(AuditSigningKey(hex: key.hex)?.publicKey == key.publicKey)
    }

    @Test func aCheckpointSignedWithAnotherKeyIsNamed() throws {
        let trusted = AuditSigningKey.generate()
        var records = try Self.chain(signedWith: trusted)
        let forged = try Self.chain(signedWith: AuditSigningKey.generate())
        records[1] = forged[1]
        let failure = AuditCheckpointVerifier(keys: [trusted.publicKey]).verify(partition: 2, records: records).failure
        #expect(failure?.seq == 2)
        #expect(failure?.kind == .signatureInvalid)
        // During a rotation both keys are trusted; the forged record still does not link.
        let rotated = AuditCheckpointVerifier(keys: [trusted.publicKey, AuditSigningKey.generate().publicKey])
        #expect(rotated.verify(partition: 2, records: try Self.chain(signedWith: trusted)).failure == nil)
    }

    @Test func aChangedHeadBreaksTheSignatureAndAMissingCheckpointBreaksTheChain() throws {
        let key = AuditSigningKey.generate()
        var records = try Self.chain(signedWith: key)
        let verifier = AuditCheckpointVerifier(keys: [key.publicKey])
        let edited = records[2].record.replacingOccurrences(of: #""case":"C-0","seq":1"#, with: #""case":"C-0","seq":7"#)
        #expect(edited != records[2].record)
        #expect(verifier.verify(partition: 2, records: Array(records.prefix(2)) + [(seq: Int64(3), record: edited)]).failure?.kind == .signatureInvalid)
        records.remove(at: 1)
        let failure = verifier.verify(partition: 2, records: records).failure
        #expect(failure?.kind == .chainBroken)
        #expect(failure?.seq == 2)
    }

    @Test func theMerkleRootCoversEveryHeadAndTheirOrderIsCanonical() {
        let heads = Self.heads(5)
        let root = AuditCheckpoint.merkleRoot(heads)
        #expect(AuditCheckpoint.merkleRoot([]) == AuditChain.genesis)
        for index in heads.indices {
            var changed = heads
            changed[index].seq += 1
            #expect(AuditCheckpoint.merkleRoot(changed) != root)
        }
        let shuffled = AuditCheckpoint(partition: 0, seq: 1, prevHash: AuditChain.genesis, heads: heads.reversed(), time: 0)
        #expect(shuffled.root == root)
    }
}
