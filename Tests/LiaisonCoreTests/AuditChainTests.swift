import LiaisonCore
import Testing

@Suite("A case's history is a hash chain another language can recompute")
struct AuditChainTests {
    /// Computed with Python's hashlib from the encoding AUDIT.md gives, not with this code.
    @Test func theHashesMatchAnIndependentImplementationOfTheDocumentedEncoding() {
        let first = ChainHead.link(after: nil, caseID: "EST-2026-000042", at: 1_772_415_000_000, kind: "input",
                                   entry: #"{"type":"gov.case.opened","id":"o-1"}"#)
        #expect(first.seq == 1)
        #expect(first.prevHash == AuditChain.genesis)
        #expect(Hex.encode(first.hash) == "827a8421a57ff5ef1a8d3fa457e9fb50573045725d41559d45827ba2f62a030a")
        let second = ChainHead.link(after: first.head, caseID: "EST-2026-000042", at: 1_772_415_000_001, kind: "output",
                                    entry: #"{"topic":"liaison.cases","id":"x/案"}"#)
        #expect(second.seq == 2)
        #expect(Hex.encode(second.hash) == "9f561a7cfa0899f2d9a382043c3c1832bc68e45905dc444c3b38b906120c34b8")
    }

    @Test func hexRoundTripsAndRefusesWhatIsNotHex() {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xfe, 0xff]
        #expect(Hex.encode(bytes) == "00017f80feff")
        #expect(Hex.decode("00017F80FEFF") == bytes)
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    @Test func aStateKeepsItsChainHeadAndAStateWithoutOneStaysByteForByteTheOlderForm() throws {
        var state = CaseState(inboxFor: "C-1")
        let older = state.encoded()
        state.chain = ChainHead(seq: 41, hash: Array(repeating: 7, count: 32))
        let newer = state.encoded()
        #expect(try CaseState(decoding: newer).chain == state.chain)
        #expect(try CaseState(decoding: older).chain == nil)
        var withoutHead = state
        withoutHead.chain = nil
        #expect(withoutHead.encoded() == older)
    }
}
