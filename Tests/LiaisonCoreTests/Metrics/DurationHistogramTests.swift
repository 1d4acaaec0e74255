import Foundation
import Testing
@testable import LiaisonCore

@Suite("Duration histogram")
struct DurationHistogramTests {
    /// Deterministic pseudo-random durations spread over six orders of magnitude.
    static func samples(count: Int, seed: UInt64) -> [Int64] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let unit = Double(state >> 11) / Double(UInt64(1) << 53)
            return Int64(exp(unit * log(1e7)))
        }
    }

    /// Nearest-rank percentile of the exact samples.
    static func exact(_ values: [Int64], _ q: Double) -> Int64 {
        let sorted = values.sorted()
        let rank = max(1, Int((q * Double(sorted.count)).rounded(.up)))
        return sorted[rank - 1]
    }

    @Test func percentilesStayWithinTheRelativeErrorBoundOfTheExactOnes() {
        let values = Self.samples(count: 5_000, seed: 7)
        var histogram = DurationHistogram()
        for value in values { histogram.record(value) }
        #expect(histogram.count == 5_000)
        for q in [0.5, 0.9, 0.99] {
            let exact = Double(Self.exact(values, q))
            let reported = Double(histogram.percentile(q) ?? -1)
            #expect(abs(reported - exact) <= exact * DurationHistogram.relativeError + 0.5, "q=\(q): \(reported) vs \(exact)")
        }
    }

    @Test func smallValuesAndZerosAreReportedExactly() {
        var histogram = DurationHistogram()
        for value: Int64 in [0, 0, 1, 2, 3, 5, 8, 13, 21, 34] { histogram.record(value) }
        #expect(histogram.percentile(0.2) == 0)
        #expect(histogram.percentile(0.3) == 1)
        #expect(histogram.percentile(0.5) == 3)
        #expect(histogram.percentile(0.9) == 21)
        #expect(histogram.percentile(1.0) == 34)
        #expect(DurationHistogram().percentile(0.5) == nil)
    }

    @Test func mergingTwoHistogramsEqualsRecordingEverySampleInOne() {
        let first = Self.samples(count: 700, seed: 1)
        let second = Self.samples(count: 300, seed: 2)
        var a = DurationHistogram(), b = DurationHistogram(), all = DurationHistogram()
        for value in first { a.record(value); all.record(value) }
        for value in second { b.record(value); all.record(value) }
        var merged = b
        merged.merge(a)
        #expect(merged == all)
        #expect(merged.percentile(0.9) == all.percentile(0.9))
    }
}
