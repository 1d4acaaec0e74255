import Foundation
import Testing
import LiaisonCore

/// The hand-encoded store rows that seed the `case-state` and `metric-contribution` fuzz
/// targets: they must be rows the decoders accept, or the fuzzer starts from nothing but
/// refusals and never reaches the fields behind the header.
@Suite("The fuzz seeds for stored rows are rows the store would accept")
struct StoredSeedTests {
    static func seeds(_ target: String) throws -> [(String, [UInt8])] {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/\(target)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return try names.map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    @Test func everyCaseStateSeedDecodesAndReencodesToItself() throws {
        let seeds = try Self.seeds("case-state")
        #expect(seeds.count >= 3)
        for (name, bytes) in seeds {
            let state = try #require(try? CaseState(decoding: bytes), "\(name) is refused")
            #expect(try CaseState(decoding: state.encoded()) == state, "\(name)")
        }
    }

    @Test func theSeedsCoverTasksTimersTheInboxRatingsAndFormatOne() throws {
        let states = try Self.seeds("case-state").map { try CaseState(decoding: $0.1) }
        #expect(states.contains { $0.tasks.contains { !$0.timers.isEmpty } })
        #expect(states.contains { !$0.inbox.isEmpty })
        #expect(states.contains { !$0.ratings.isEmpty })
        #expect(states.contains { $0.openedBy.isEmpty })
    }

    @Test func everyMetricSeedDecodesAndReencodesToItself() throws {
        let seeds = try Self.seeds("metric-contribution")
        #expect(seeds.count >= 2)
        for (name, bytes) in seeds {
            let contribution = try #require(try? MetricContribution(decoding: bytes), "\(name) is refused")
            #expect(try MetricContribution(decoding: contribution.encoded()) == contribution, "\(name)")
        }
    }
}
