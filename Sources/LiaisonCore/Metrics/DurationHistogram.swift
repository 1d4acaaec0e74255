import Foundation

/// A small mergeable distribution of durations (milliseconds) with log-sized buckets.
///
/// Bucket `i` holds the samples in [γ^i, γ^(i+1)) with γ = 1.02, so any percentile it reports is
/// within about 1 % of a true sample value, whatever the range (a second or a month). Two
/// histograms merge by adding bucket counts, which is what lets per-partition contributions
/// from several instances add up to one cluster-wide distribution. Samples ≤ 0 ms are kept
/// apart as zeros.
public struct DurationHistogram: Hashable, Sendable {
    /// The bucket growth factor; the relative error bound is (γ − 1) / (γ + 1) ≈ 0.99 %.
    public static let gamma = 1.02
    /// The relative error bound of a reported percentile (before rounding to whole milliseconds).
    public static let relativeError = (gamma - 1) / (gamma + 1)
    private static let logGamma = log(gamma)

    /// Number of samples.
    public private(set) var count: Int64 = 0
    /// Number of samples ≤ 0 ms.
    public private(set) var zeros: Int64 = 0
    /// Sample counts by bucket index (sparse).
    public private(set) var buckets: [Int32: Int64] = [:]
    /// Sum of the samples counted in `summed` (ms), for the mean.
    public private(set) var sum: Int64 = 0
    /// Samples whose value is in `sum`: all of them, except those decoded from a version-1 row,
    /// which kept no sum (the mean then covers the samples recorded since).
    public private(set) var summed: Int64 = 0

    /// An empty histogram.
    public init() {}

    /// Adds one sample.
    public mutating func record(_ milliseconds: Int64) {
        count += 1
        let (total, overflow) = sum.addingReportingOverflow(max(0, milliseconds))
        if !overflow {
            sum = total
            summed += 1
        }
        if milliseconds <= 0 {
            zeros += 1
        } else {
            buckets[Self.bucket(of: milliseconds), default: 0] += 1
        }
    }

    /// Adds every sample of `other` (associative and commutative).
    public mutating func merge(_ other: DurationHistogram) {
        count += other.count
        zeros += other.zeros
        buckets.merge(other.buckets, uniquingKeysWith: +)
        let (total, overflow) = sum.addingReportingOverflow(other.sum)
        if !overflow {
            sum = total
            summed += other.summed
        }
    }

    /// The exact mean of the summed samples in milliseconds; nil without any.
    public var mean: Double? { summed > 0 ? Double(sum) / Double(summed) : nil }

    /// The nearest-rank percentile `q` (0 < q ≤ 1) in whole milliseconds; nil when empty.
    public func percentile(_ q: Double) -> Int64? {
        guard count > 0 else { return nil }
        let rank = max(1, Int64((q * Double(count)).rounded(.up)))
        if rank <= zeros { return 0 }
        var seen = zeros
        for index in buckets.keys.sorted() {
            seen += buckets[index] ?? 0
            if seen >= rank { return Self.representative(of: index) }
        }
        return buckets.keys.max().map(Self.representative(of:))
    }

    /// The bucket of a positive sample.
    static func bucket(of milliseconds: Int64) -> Int32 {
        Int32((log(Double(milliseconds)) / logGamma).rounded(.down))
    }

    /// The value reported for a bucket: the point of least relative error, 2γ^(i+1)/(1+γ),
    /// at most `Int64.max` (the top bucket's point lies beyond it).
    static func representative(of index: Int32) -> Int64 {
        let value = (2 * pow(gamma, Double(index) + 1) / (1 + gamma)).rounded()
        return value < Double(Int64.max) ? Int64(value) : .max
    }

    /// Rebuilds a histogram from its parts (decoding); `count` is derived.
    init(zeros: Int64, buckets: [Int32: Int64], sum: Int64 = 0, summed: Int64 = 0) {
        self.zeros = zeros
        self.buckets = buckets
        self.count = zeros + buckets.values.reduce(0, +)
        self.sum = sum
        self.summed = summed
    }
}
