import Testing
@testable import LiaisonCore

/// Regressions found by `scripts/fuzz metric-contribution`: a corrupt metric row must be refused
/// as `bad-state`, never trap the daemon that reads it back for a snapshot.
@Suite("A corrupt metric row is refused instead of trapping")
struct MetricRowDecodingTests {
    /// A format-1 row with no counters, the given accept-time histogram (zeros, then bucket steps and
    /// counts as `encoded()` writes them), an empty completion histogram and no ratings.
    static func row(zeros: Int64, buckets: [(step: Int64, samples: Int64)]) -> [UInt8] {
        var writer = BinaryWriter()
        writer.int(0)
        writer.signed(zeros)
        writer.int(buckets.count)
        for bucket in buckets {
            writer.signed(bucket.step)
            writer.signed(bucket.samples)
        }
        writer.signed(0)
        writer.int(0)
        writer.signed(0)
        writer.signed(0)
        return writer.finish(version: MetricContribution.legacyEncodingVersion)
    }

    @Test func aWellFormedRowDecodes() throws {
        let contribution = try MetricContribution(decoding: Self.row(zeros: 2, buckets: [(10, 3), (5, 1)]))
        #expect(contribution.acceptTimes.count == 6)
        #expect(contribution.acceptTimes.buckets == [10: 3, 15: 1])
    }

    /// The fuzzer's input held bucket counts whose total overflowed `Int64` while the
    /// histogram derived its sample count.
    @Test func countsWhoseTotalOverflowsAreRefused() {
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Self.row(zeros: 0, buckets: [(1, .max), (1, 1)])) }
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Self.row(zeros: .max, buckets: [(1, 1)])) }
    }

    /// Found by the ten-minute run of the same target: a row of nearly `Int64.max` samples
    /// decoded, then computing its 100th percentile's rank overflowed.
    @Test func moreSamplesThanAPartitionCouldRecordAreRefused() throws {
        let most: Int64 = 1 << 53
        let full = try MetricContribution(decoding: Self.row(zeros: 0, buckets: [(7, most)]))
        #expect(full.acceptTimes.percentile(1.0) == DurationHistogram.representative(of: 7))
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Self.row(zeros: 1, buckets: [(7, most)])) }
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Self.row(zeros: .max - 1, buckets: [])) }
    }

    @Test func negativeCountsAreRefused() {
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Self.row(zeros: -1, buckets: [])) }
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Self.row(zeros: 0, buckets: [(3, -5)])) }
    }

    @Test func bucketsNoSampleFallsInAreRefused() {
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Self.row(zeros: 0, buckets: [(-1, 1)])) }
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Self.row(zeros: 0, buckets: [(5_000, 1)])) }
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Self.row(zeros: 0, buckets: [(1, 1), (.max, 1)])) }
    }

    @Test func theTopBucketReportsTheLargestDuration() throws {
        let top = Int64(DurationHistogram.bucket(of: .max))
        let contribution = try MetricContribution(decoding: Self.row(zeros: 0, buckets: [(top, 1)]))
        #expect(contribution.acceptTimes.percentile(0.5) == .max)
    }
}
