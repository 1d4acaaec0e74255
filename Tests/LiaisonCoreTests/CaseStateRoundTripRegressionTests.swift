import Testing
@testable import LiaisonCore

@Suite("Stored case states decode and re-encode to the same state")
struct CaseStateRoundTripRegressionTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    /// A stored state whose parked event's data holds a number beyond a double's range
    /// (`333333333E33000…`): read as infinity, it was written back as `null`. Such a number is
    /// now refused when read, so the bytes do not decode at all, and an event carrying it is
    /// refused at the door.
    @Test("a number beyond a double's range is refused, not turned into infinity and then null")
    func fuzzerFinding() throws {
        #expect(throws: (any Error).self) { try JSONValue.parse(Array("{\"n\": 1e400}".utf8)) }
        #expect(throws: (any Error).self) { try JSONValue.parse(Array("-1e999".utf8)) }
        #expect(try JSONValue.parse(Array("1e308".utf8)) == .double(1e308))
        guard let state = try? CaseState(decoding: Self.bytes("02090e51592d323032362d30303031383718656e7465fc70726973652d65737461626c6973686d656e74116d61726b65742d726567756c6174696f6e0e736572766963652d77696e646f7706726576696577037461780b666972652d736166657479057461782d390a2f756e6974426f6f6c7800000102020380f7d4c2956702040402020402020405060000020705080400019033333333333333333345333330303030303030303030303030303030303030303030313632333334303232343437333239303036386700"))
        else { return }
        #expect(try CaseState(decoding: state.encoded()) == state)
    }
}
