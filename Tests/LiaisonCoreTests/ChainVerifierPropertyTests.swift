import LiaisonCore
import Testing

@Suite("Verifying a chain finds any one edited, dropped, swapped or inserted entry and names it")
struct ChainVerifierPropertyTests {
    static let caseID = "C-42"
    static let keep = 1_000

    /// A random history of `count` entries, linked as the runtime links them.
    static func history(_ count: Int, using random: inout SeededGenerator) -> (records: [ChainVerifier.Record], head: ChainHead) {
        var head: ChainHead?
        var records: [ChainVerifier.Record] = []
        let kinds = ["input", "output", "timer"]
        for index in 0..<count {
            let kind = kinds.randomElement(using: &random)!
            let entry = #"{"id":"e-\#(index)-\#(random.next() % 1_000)","type":"t\#(random.next() % 7)"}"#
            let at = 1_772_000_000_000 + Int64(index) * 1_000 + Int64(random.next() % 500)
            let link = ChainHead.link(after: head, caseID: caseID, at: at, kind: kind, entry: entry)
            records.append(.init(seq: link.seq, at: at, kind: kind, entry: entry, prevHash: Hex.encode(link.prevHash), hash: Hex.encode(link.hash)))
            head = link.head
        }
        return (records, head!)
    }

    static func verify(_ records: [ChainVerifier.Record], head: ChainHead) -> ChainVerification {
        ChainVerifier(caseID: caseID, head: head, keep: keep).verify(records)
    }

    /// One byte of one field changed to another printable character.
    static func flip(_ text: String, using random: inout SeededGenerator) -> String {
        var bytes = Array(text.utf8)
        let index = Int(random.next() % UInt64(bytes.count))
        let original = bytes[index]
        repeat { bytes[index] = UInt8(0x30 + random.next() % 0x4a) } while bytes[index] == original
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func randomHistoriesVerify() {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<200 {
            let (records, head) = Self.history(Int(1 + random.next() % 40), using: &random)
            let result = Self.verify(records.shuffled(using: &random), head: head)
            #expect(result.isVerified, "\(result.firstBreak.map(String.init(describing:)) ?? "")")
            #expect(result.verified == records.count)
        }
    }

    @Test func anyOneChangedByteIsFoundAsAnEditOfItsEntry() {
        var random = SeededGenerator(seed: 2)
        for _ in 0..<300 {
            var (records, head) = Self.history(Int(1 + random.next() % 30), using: &random)
            let victim = Int(random.next() % UInt64(records.count))
            switch random.next() % 5 {
            case 0: records[victim].entry = Self.flip(records[victim].entry, using: &random)
            case 1: records[victim].kind = Self.flip(records[victim].kind, using: &random)
            case 2: records[victim].at ^= 1 << Int64(random.next() % 40)
            case 3: records[victim].prevHash = Self.flip(records[victim].prevHash!, using: &random)
            default: records[victim].hash = Self.flip(records[victim].hash!, using: &random)
            }
            let found = Self.verify(records, head: head).firstBreak
            #expect(found?.seq == Int64(victim + 1), "\(String(describing: found))")
            #expect(found?.kind == .edited, "\(String(describing: found))")
        }
    }

    @Test func anyOneDroppedEntryIsFoundMissing() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            var (records, head) = Self.history(Int(1 + random.next() % 30), using: &random)
            let victim = Int(random.next() % UInt64(records.count))
            records.remove(at: victim)
            let found = Self.verify(records, head: head).firstBreak
            #expect(found?.seq == Int64(victim + 1), "\(String(describing: found))")
            #expect(found?.kind == .missing, "\(String(describing: found))")
        }
    }

    @Test func anyTwoSwappedEntriesAreFoundReorderedAtTheFirst() {
        var random = SeededGenerator(seed: 4)
        for _ in 0..<200 {
            var (records, head) = Self.history(Int(2 + random.next() % 30), using: &random)
            let first = Int(random.next() % UInt64(records.count - 1))
            let second = first + 1 + Int(random.next() % UInt64(records.count - first - 1))
            // Everything but the numbers changes places, as an UPDATE of two rows would do.
            let moved = records[first]
            records[first] = records[second]
            records[first].seq = moved.seq
            let secondSeq = records[second].seq
            records[second] = moved
            records[second].seq = secondSeq
            let found = Self.verify(records, head: head).firstBreak
            #expect(found?.seq == Int64(first + 1), "\(String(describing: found))")
            #expect(found?.kind == .reordered, "\(String(describing: found))")
        }
    }

    @Test func anyOneInsertedEntryIsFoundWhetherItsHashIsForgedOrWellFormed() {
        var random = SeededGenerator(seed: 5)
        for round in 0..<200 {
            var (records, head) = Self.history(Int(1 + random.next() % 30), using: &random)
            let place = Int(random.next() % UInt64(records.count + 1))
            let entry = #"{"id":"forged-\#(round)"}"#
            var forged = ChainVerifier.Record(seq: Int64(place + 1), at: 1_772_000_000_000, kind: "input", entry: entry,
                                              prevHash: place == 0 ? Hex.encode(AuditChain.genesis) : records[place - 1].hash, hash: nil)
            if round % 2 == 0 {
                // Well formed: linked onto the entry before it, as a forger with the code would.
                let before = place == 0 ? nil : ChainHead(seq: Int64(place), hash: Hex.decode(records[place - 1].hash!)!)
                forged.hash = Hex.encode(ChainHead.link(after: before, caseID: Self.caseID, at: forged.at, kind: forged.kind, entry: entry).hash)
            } else {
                forged.hash = Hex.encode((0..<32).map { _ in UInt8(random.next() & 0xff) })
            }
            // The rows after it move up by one, as they must to make room under the key (case, seq).
            for index in place..<records.count { records[index].seq += 1 }
            records.insert(forged, at: place)
            let found = Self.verify(records, head: head).firstBreak
            #expect(found?.seq == Int64(place + 1), "\(String(describing: found))")
            #expect(found?.kind == .inserted, "\(String(describing: found))")
        }
    }

    @Test func aTrimmedPrefixVerifiesFromItsAnchorButNotWhenMoreIsGoneThanTheBoundExplains() {
        var random = SeededGenerator(seed: 6)
        let (records, head) = Self.history(50, using: &random)
        let kept = Array(records.suffix(20))
        #expect(ChainVerifier(caseID: Self.caseID, head: head, keep: 20).verify(kept).isVerified)
        let found = ChainVerifier(caseID: Self.caseID, head: head, keep: 20).verify(Array(kept.dropFirst())).firstBreak
        #expect(found?.seq == 31)
        #expect(found?.kind == .missing)
    }

    @Test func recordsFromBeforeTheChainAreCountedNotVerified() {
        var random = SeededGenerator(seed: 7)
        let (records, head) = Self.history(3, using: &random)
        let legacy = [ChainVerifier.Record(seq: -1, at: 1, kind: "input", entry: "{}", prevHash: nil, hash: nil),
                      ChainVerifier.Record(seq: 0, at: 2, kind: "output", entry: "{}", prevHash: nil, hash: nil)]
        let result = Self.verify(legacy + records, head: head)
        #expect(result.isVerified)
        #expect(result.legacy == 2)
        #expect(result.verified == 3)
    }
}
