import Testing
@testable import LiaisonStore

@Suite("Outbox headers pack into one blob and refuse malformed bytes")
struct OutboxHeaderCodecTests {
    private let headers: [OutboxMessage.Header] = [
        .init(name: "ce_id", value: Array("case-1/stage/tax".utf8)),
        .init(name: "null", value: nil),
        .init(name: "empty", value: []),
        .init(name: String(repeating: "n", count: 300), value: Array(repeating: 1, count: 20_000)),
    ]

    @Test("encoding then decoding gives back the same headers in order")
    func roundTrip() throws {
        #expect(try OutboxHeaderCodec.decode(OutboxHeaderCodec.encode(headers)) == headers)
        #expect(try OutboxHeaderCodec.decode(OutboxHeaderCodec.encode([])) == [])
    }

    @Test("framing costs a few bytes per header")
    func encodingIsCompact() {
        let one: [OutboxMessage.Header] = [.init(name: "ce_id", value: Array("abc".utf8))]
        #expect(OutboxHeaderCodec.encode(one) == [1, 5] + Array("ce_id".utf8) + [4] + Array("abc".utf8))
    }

    @Test("truncated, padded or oversized input is reported as corrupt data")
    func malformedInputIsRejected() {
        let good = OutboxHeaderCodec.encode(headers)
        let samples: [[UInt8]] = [
            [], Array(good.dropLast()), good + [0], [1, 0x80], [5, 1, 65, 0],
            [1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [1, 2, 0xC3, 0x28, 0],
        ]
        for sample in samples {
            let error = #expect(throws: StoreError.self, "\(sample.prefix(8))") { try OutboxHeaderCodec.decode(sample) }
            #expect(error?.code == .corruptData)
        }
    }
}
