extension MetricContribution {
    /// The current binary format version (the first byte of `encoded()`).
    public static let encodingVersion: UInt8 = 2
    /// The first format (no working times, sums, score counts or breakdowns); still read, since
    /// stored rows stay until their partition next changes them.
    public static let legacyEncodingVersion: UInt8 = 1

    /// A compact binary form for the store's `metric_rows`: a version byte, the string table,
    /// the counters by name, the four histograms as sparse (index step, count) pairs each with
    /// its sum, the ratings with the count per score, then the breakdowns by name and detail.
    ///
    /// Counters and breakdowns are written by name, so a newer daemon's extra counter is skipped
    /// by an older one instead of shifting every number after it. Sorted, so equal values encode
    /// equally.
    public func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        let names = counters.keys.sorted { $0.rawValue < $1.rawValue }
        writer.int(names.count)
        for name in names {
            writer.string(name.rawValue)
            writer.signed(counters[name] ?? 0)
        }
        for histogram in [acceptTimes, completionTimes, acceptWorkingTimes, completionWorkingTimes] {
            Self.write(histogram, to: &writer)
            writer.signed(histogram.sum)
            writer.signed(histogram.summed)
        }
        writer.signed(ratingSum)
        writer.signed(ratingCount)
        for score in ratingScores { writer.signed(score) }
        let kinds = breakdowns.keys.sorted { $0.rawValue < $1.rawValue }
        writer.int(kinds.count)
        for kind in kinds {
            let counts = breakdowns[kind] ?? [:]
            writer.string(kind.rawValue)
            writer.int(counts.count)
            for detail in counts.keys.sorted() {
                writer.string(detail)
                writer.signed(counts[detail] ?? 0)
            }
        }
        return writer.finish(version: Self.encodingVersion)
    }

    /// Reads a contribution written by `encoded()` (version 2) or by a daemon of format 1;
    /// throws on corrupt input or an unknown version.
    public init(decoding bytes: [UInt8]) throws(StateDecodingError) {
        var reader = try BinaryReader(bytes)
        let version = reader.version
        guard version == Self.encodingVersion || version == Self.legacyEncodingVersion else {
            throw StateDecodingError("metric format version \(version) is not \(Self.legacyEncodingVersion) or \(Self.encodingVersion)")
        }
        var counters: [MetricDelta.Name: Int64] = [:]
        for _ in 0..<(try Self.count(&reader)) {
            let name = try reader.string()
            let value = try reader.signed()
            if let known = MetricDelta.Name(rawValue: name) { counters[known] = value }
        }
        guard version == Self.encodingVersion else {
            let accept = try Self.readHistogram(&reader)
            let completion = try Self.readHistogram(&reader)
            let ratingSum = try reader.signed()
            let ratingCount = try reader.signed()
            guard reader.isAtEnd else { throw StateDecodingError("metric contribution has trailing data") }
            self.init(counters: counters, acceptTimes: accept, completionTimes: completion, ratingSum: ratingSum, ratingCount: ratingCount)
            return
        }
        var histograms: [DurationHistogram] = []
        for _ in 0..<4 {
            let histogram = try Self.readHistogram(&reader)
            let sum = try reader.signed()
            let summed = try reader.signed()
            guard sum >= 0, (0...histogram.count).contains(summed) else { throw StateDecodingError("histogram sum out of range") }
            histograms.append(DurationHistogram(zeros: histogram.zeros, buckets: histogram.buckets, sum: sum, summed: summed))
        }
        let ratingSum = try reader.signed()
        let ratingCount = try reader.signed()
        var scores: [Int64] = []
        for _ in 0..<5 { scores.append(try reader.signed()) }
        var breakdowns: [MetricDelta.Name: [String: Int64]] = [:]
        for _ in 0..<(try Self.count(&reader)) {
            let name = try reader.string()
            var counts: [String: Int64] = [:]
            for _ in 0..<(try Self.count(&reader)) {
                let detail = try reader.string()
                counts[detail] = try reader.signed()
            }
            if let known = MetricDelta.Name(rawValue: name) { breakdowns[known] = counts }
        }
        guard reader.isAtEnd else { throw StateDecodingError("metric contribution has trailing data") }
        self.init(counters: counters, acceptTimes: histograms[0], completionTimes: histograms[1], ratingSum: ratingSum,
                  ratingCount: ratingCount, acceptWorkingTimes: histograms[2], completionWorkingTimes: histograms[3],
                  ratingScores: scores, breakdowns: breakdowns)
    }

    private static func write(_ histogram: DurationHistogram, to writer: inout BinaryWriter) {
        writer.signed(histogram.zeros)
        writer.int(histogram.buckets.count)
        var previous: Int32 = 0
        for index in histogram.buckets.keys.sorted() {
            writer.signed(Int64(index) - Int64(previous))
            writer.signed(histogram.buckets[index] ?? 0)
            previous = index
        }
    }

    /// Reads a histogram written by `write`, refusing what no recording could have produced: a
    /// negative count, more than `maxSamples` samples, a bucket no positive `Int64` falls in.
    private static func readHistogram(_ reader: inout BinaryReader) throws(StateDecodingError) -> DurationHistogram {
        let zeros = try reader.signed()
        guard (0...maxSamples).contains(zeros) else { throw StateDecodingError("histogram has \(zeros) zeros") }
        var total = zeros
        var buckets: [Int32: Int64] = [:]
        var index: Int64 = 0
        for _ in 0..<(try count(&reader)) {
            let (next, overflow) = index.addingReportingOverflow(try reader.signed())
            guard !overflow, let bucket = Int32(exactly: next), validBuckets.contains(bucket) else {
                throw StateDecodingError("histogram bucket out of range")
            }
            index = next
            let samples = try reader.signed()
            let (sum, tooMany) = total.addingReportingOverflow(samples)
            guard samples >= 0, !tooMany, sum <= maxSamples else {
                throw StateDecodingError("histogram bucket \(bucket) holds \(samples) samples")
            }
            total = sum
            buckets[bucket] = samples
        }
        return DurationHistogram(zeros: zeros, buckets: buckets)
    }

    /// 2^53: far more samples than a partition records, and the most whose percentile ranks a
    /// `Double` computes exactly (a rank computed from `Int64.max` samples overflowed).
    private static let maxSamples: Int64 = 1 << 53

    /// The buckets of samples from 1 ms to `Int64.max` ms.
    private static let validBuckets = DurationHistogram.bucket(of: 1)...DurationHistogram.bucket(of: .max)

    private static func count(_ reader: inout BinaryReader) throws(StateDecodingError) -> Int {
        let value = try reader.int()
        guard (0...100_000).contains(value) else { throw StateDecodingError("implausible count \(value)") }
        return value
    }
}
