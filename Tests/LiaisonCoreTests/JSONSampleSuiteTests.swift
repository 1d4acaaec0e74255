import Foundation
import Testing
import LiaisonCore

/// The JSON samples in `Fuzz/corpus/json`, named as JSONTestSuite names its own: `y_` must
/// parse, `n_` must be refused, `i_` is the parser's choice (and must not trap). They also seed
/// the JSON fuzz target.
@Suite("The JSON parser accepts every y_ sample and refuses every n_ sample")
struct JSONSampleSuiteTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/corpus/json")

    static func samples(_ prefix: String) throws -> [(String, [UInt8])] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(prefix) }.sorted()
        return try names.map { ($0, Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    @Test func theSuiteHoldsEnoughSamplesOfEachKind() throws {
        #expect(try Self.samples("y_").count >= 15)
        #expect(try Self.samples("n_").count >= 20)
        #expect(try Self.samples("i_").count >= 3)
    }

    @Test func everyYSampleParsesAndSurvivesARoundTrip() throws {
        for (name, bytes) in try Self.samples("y_") {
            let value = try #require(try? JSONValue.parse(bytes), "\(name) was refused")
            #expect(try JSONValue.parse(value.serialized) == value, "\(name) changed in a round trip")
        }
    }

    @Test func everyNSampleIsRefused() throws {
        for (name, bytes) in try Self.samples("n_") {
            #expect(throws: JSONError.self, "\(name) was accepted") { try JSONValue.parse(bytes) }
        }
    }

    /// Integers past Int64 become doubles and underflow becomes 0, but a number past a
    /// double's range is refused: read as infinity it would be written back as `null`, so a
    /// parked event would change between memory and the store (found by fuzzing the stored
    /// case state).
    @Test func numbersBeyondRangeAreReadAsDoublesButInfinityIsRefused() throws {
        #expect(try JSONValue.parse(Array("9223372036854775808".utf8)) == .double(9_223_372_036_854_775_808))
        #expect(throws: JSONError.self) { try JSONValue.parse(Array("[1e400]".utf8)) }
        #expect(try JSONValue.parse(Array("1e-400".utf8)) == .double(0))
    }
}
