/// One partition's share of the numbers of one unit or workflow: plain sums, so shares merge.
///
/// Counters count events (tasks assigned, reminders …); the open and overdue gauges are kept
/// as sums of ±n deltas, so the sum over all partitions is the cluster's current value;
/// durations (wall-clock and working time) go to mergeable histograms with sums; ratings keep a
/// sum, a count and the count per score (never the rater); breakdowns count by a detail.
/// Everything merges by addition, so merging is associative and commutative and the order in
/// which partitions (or instances) are added does not matter.
public struct MetricContribution: Hashable, Sendable {
    /// Counter and gauge sums by metric (every name except rating and the durations).
    public private(set) var counters: [MetricDelta.Name: Int64] = [:]
    /// Milliseconds from assignment to acceptance.
    public private(set) var acceptTimes = DurationHistogram()
    /// Milliseconds from assignment to completion.
    public private(set) var completionTimes = DurationHistogram()
    /// Working milliseconds (the workflow's calendar) from assignment to acceptance.
    public private(set) var acceptWorkingTimes = DurationHistogram()
    /// Working milliseconds from assignment to completion.
    public private(set) var completionWorkingTimes = DurationHistogram()
    /// Sum of the scores received.
    public private(set) var ratingSum: Int64 = 0
    /// Number of scores received.
    public private(set) var ratingCount: Int64 = 0
    /// How many scores of 1, 2, 3, 4 and 5 were received (index 0 is score 1).
    public private(set) var ratingScores: [Int64] = [0, 0, 0, 0, 0]
    /// Breakdown counters (`declinedTo`, `escalationLevel`, `escalationTarget`) by detail.
    public private(set) var breakdowns: [MetricDelta.Name: [String: Int64]] = [:]

    /// An empty contribution.
    public init() {}

    /// The sum for a counter or gauge (0 when never counted).
    public subscript(name: MetricDelta.Name) -> Int64 { counters[name] ?? 0 }

    /// Adds one engine delta.
    public mutating func add(_ delta: MetricDelta) {
        switch delta.name {
        case .rating:
            // Scores are 1–5; a negative value withdraws an earlier score that a rater replaced.
            ratingSum += delta.value
            ratingCount += delta.value < 0 ? -1 : 1
            let score = delta.value.magnitude
            if (1...5).contains(score) { ratingScores[Int(score) - 1] += delta.value < 0 ? -1 : 1 }
        case .acceptMilliseconds:
            acceptTimes.record(delta.value)
        case .completionMilliseconds:
            completionTimes.record(delta.value)
        case .acceptWorkingMilliseconds:
            acceptWorkingTimes.record(delta.value)
        case .completionWorkingMilliseconds:
            completionWorkingTimes.record(delta.value)
        case let name where name.isBreakdown:
            breakdowns[delta.name, default: [:]][delta.detail ?? "", default: 0] += delta.value
        default:
            counters[delta.name, default: 0] += delta.value
        }
    }

    /// Adds another partition's (or batch's) contribution.
    public mutating func merge(_ other: MetricContribution) {
        counters.merge(other.counters, uniquingKeysWith: +)
        acceptTimes.merge(other.acceptTimes)
        completionTimes.merge(other.completionTimes)
        acceptWorkingTimes.merge(other.acceptWorkingTimes)
        completionWorkingTimes.merge(other.completionWorkingTimes)
        ratingSum += other.ratingSum
        ratingCount += other.ratingCount
        for index in ratingScores.indices { ratingScores[index] += other.ratingScores[index] }
        for (name, counts) in other.breakdowns { breakdowns[name, default: [:]].merge(counts, uniquingKeysWith: +) }
    }

    /// The merge of many contributions.
    public static func merged(_ parts: some Sequence<MetricContribution>) -> MetricContribution {
        parts.reduce(into: MetricContribution()) { $0.merge($1) }
    }

    /// Folds engine deltas into one contribution per key.
    public static func fold(_ deltas: some Sequence<MetricDelta>) -> [MetricKey: MetricContribution] {
        var result: [MetricKey: MetricContribution] = [:]
        for delta in deltas {
            for key in MetricKey.keys(of: delta) { result[key, default: MetricContribution()].add(delta) }
        }
        return result
    }

    /// Rebuilds a contribution from its parts (decoding).
    init(counters: [MetricDelta.Name: Int64], acceptTimes: DurationHistogram, completionTimes: DurationHistogram,
         ratingSum: Int64, ratingCount: Int64, acceptWorkingTimes: DurationHistogram = DurationHistogram(),
         completionWorkingTimes: DurationHistogram = DurationHistogram(), ratingScores: [Int64] = [0, 0, 0, 0, 0],
         breakdowns: [MetricDelta.Name: [String: Int64]] = [:]) {
        self.counters = counters
        self.acceptTimes = acceptTimes
        self.completionTimes = completionTimes
        self.ratingSum = ratingSum
        self.ratingCount = ratingCount
        self.acceptWorkingTimes = acceptWorkingTimes
        self.completionWorkingTimes = completionWorkingTimes
        self.ratingScores = ratingScores
        self.breakdowns = breakdowns
    }
}
