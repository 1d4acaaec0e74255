import Testing
@testable import LiaisonCore

@Suite("Metric contributions merge, encode and publish")
struct MetricContributionTests {
    static let unit = MetricDelta.Scope.unit("tax")

    /// A scripted mix of deltas for one unit.
    static func deltas(seed: Int) -> [MetricDelta] {
        (0..<40).flatMap { i -> [MetricDelta] in
            let n = Int64(i * 7 + seed)
            return [
                MetricDelta(scope: unit, name: .assigned), MetricDelta(scope: unit, name: .openTasks),
                MetricDelta(scope: unit, name: .acceptMilliseconds, value: n * 1_000),
                MetricDelta(scope: unit, name: i % 3 == 0 ? .completedLate : .completedOnTime),
                MetricDelta(scope: unit, name: .completionMilliseconds, value: n * 60_000),
                MetricDelta(scope: unit, name: .openTasks, value: -1),
                MetricDelta(scope: unit, name: .rating, value: Int64(1 + i % 5)),
            ]
        }
    }

    @Test func contributionsOfSeveralPartitionsMergeToTheContributionOfAllDeltas() throws {
        let parts = [Self.deltas(seed: 1), Self.deltas(seed: 2), Self.deltas(seed: 3)]
        let perPartition = parts.map { MetricContribution.fold($0)[MetricKey(Self.unit)] ?? MetricContribution() }
        let whole = try #require(MetricContribution.fold(parts.flatMap { $0 })[MetricKey(Self.unit)])
        #expect(MetricContribution.merged(perPartition) == whole)
        #expect(MetricContribution.merged(perPartition.reversed()) == whole)
        #expect(whole[.assigned] == 120)
        #expect(whole[.openTasks] == 0)
        #expect(whole.ratingCount == 120)
        let perPartitionSum: Int64 = 8 * (1 + 2 + 3 + 4 + 5)
        #expect(whole.ratingSum == 3 * perPartitionSum)
    }

    @Test func aContributionSurvivesItsBinaryEncoding() throws {
        var contribution = MetricContribution.fold(Self.deltas(seed: 5))[MetricKey(Self.unit)] ?? MetricContribution()
        contribution.add(MetricDelta(scope: Self.unit, name: .acceptMilliseconds, value: 0))
        let bytes = contribution.encoded()
        #expect(try MetricContribution(decoding: bytes) == contribution)
        #expect(try MetricContribution(decoding: MetricContribution().encoded()) == MetricContribution())
        #expect(bytes.count < 600, "40 tasks encode in \(bytes.count) bytes")
        #expect(throws: StateDecodingError.self) { try MetricContribution(decoding: Array(bytes.dropLast())) }
    }

    @Test func theSnapshotOfAUnitCarriesItsRatesPercentilesAndMeanRating() {
        var numbers = MetricContribution()
        for delta in [MetricDelta(scope: Self.unit, name: .completedOnTime), MetricDelta(scope: Self.unit, name: .completedOnTime),
                      MetricDelta(scope: Self.unit, name: .completedOnTime), MetricDelta(scope: Self.unit, name: .completedLate),
                      MetricDelta(scope: Self.unit, name: .rating, value: 4), MetricDelta(scope: Self.unit, name: .rating, value: 5),
                      MetricDelta(scope: Self.unit, name: .acceptMilliseconds, value: 42)] {
            numbers.add(delta)
        }
        let snapshot = MetricSnapshot(key: MetricKey(Self.unit), at: Timestamp(milliseconds: 1_772_409_600_000), numbers: numbers)
        let message = snapshot.message
        #expect(message.key == "unit/tax")
        #expect(message.id == "unit/tax/\(snapshot.at.rfc3339)")
        #expect(message.type == "liaison.metrics.unit")
        #expect(message.data["onTimeRate"] == .double(0.75))
        #expect(message.data["rating"]?["mean"] == .double(4.5))
        #expect(message.data["acceptMilliseconds"]?["p99"] == .integer(42))
        #expect(message.data["completionMilliseconds"]?["p50"] == .null)
        #expect(message.data["cases"] == nil)
        #expect(MetricKey("unit/tax") == MetricKey(Self.unit))
        #expect(MetricKey("queue/tax") == nil)
    }
}
