/// The record a dashboard reads: the cluster-wide numbers of one unit or workflow at an instant.
///
/// Built from the merge of every partition's contribution; published on `liaison.metrics` as
/// `liaison.metrics.unit` / `liaison.metrics.workflow`, keyed by the `MetricKey`, with the
/// deterministic id `<key>/<snapshot time>` so that a re-sent snapshot is recognisably the same.
public struct MetricSnapshot: Hashable, Sendable {
    /// Whose numbers.
    public var key: MetricKey
    /// The instant the snapshot describes.
    public var at: Timestamp
    /// The merged contribution.
    public var numbers: MetricContribution

    /// Creates a snapshot.
    public init(key: MetricKey, at: Timestamp, numbers: MetricContribution) {
        self.key = key
        self.at = at
        self.numbers = numbers
    }

    /// The on-time rate a supervising office uses: completions on time among the completions
    /// that had a deadline **and the open tasks overdue now**, so that a unit sitting on an
    /// overdue task is not shown at 100 %; nil when both are 0.
    public var onTimeRate: Double? {
        let denominator = onTimeDenominator
        return denominator > 0 ? Double(numbers[.completedOnTime]) / Double(denominator) : nil
    }

    /// completedOnTime + completedLate + overdue now: the denominator of ``onTimeRate``.
    public var onTimeDenominator: Int64 {
        numbers[.completedOnTime] + numbers[.completedLate] + max(0, numbers[.overdueTasks])
    }

    /// Completions that met their deadline among those that had one (open tasks not counted);
    /// nil when none had. Published as `completionOnTimeRate`.
    public var completionOnTimeRate: Double? {
        let onTime = numbers[.completedOnTime]
        let judged = onTime + numbers[.completedLate]
        return judged > 0 ? Double(onTime) / Double(judged) : nil
    }

    /// Mean score received; nil before the first rating.
    public var meanRating: Double? {
        numbers.ratingCount > 0 ? Double(numbers.ratingSum) / Double(numbers.ratingCount) : nil
    }

    /// The CloudEvent to publish.
    public var message: OutboundMessage {
        OutboundMessage(topic: .metrics, key: key.description, id: "\(key)/\(at.rfc3339)",
                        type: "liaison.metrics.\(key.kind)", time: at, data: data)
    }

    /// The JSON data of the record, for example (a unit):
    ///
    /// ```json
    /// {"unit":"tax","at":"2026-03-02T01:00:00Z",
    ///  "tasks":{"assigned":6,"accepted":3,"completed":3,"open":1,"overdue":0},
    ///  "reminders":2,"escalations":0,"declines":1,"reassignments":1,
    ///  "completedOnTime":3,"completedLate":0,"onTimeRate":1.0,
    ///  "acceptMilliseconds":{"count":3,"p50":600000,"p90":2400000,"p99":2400000},
    ///  "completionMilliseconds":{"count":3,"p50":1800000,"p90":1800000,"p99":1800000},
    ///  "rating":{"count":1,"mean":3.0}}
    /// ```
    ///
    /// A workflow record has `"workflow"` instead of `"unit"` and adds
    /// `"cases":{"opened","closed","open"}`. Counters are totals since the first case; `open`
    /// and `overdue` are current values; percentiles are within 1 % of a true sample (null
    /// without samples), `mean` is exact; `onTimeRate` is completedOnTime / (completedOnTime +
    /// completedLate + overdue now), its parts in `onTime`; `completionOnTimeRate` leaves the
    /// open overdue tasks out. `…WorkingMilliseconds` count the workflow calendar's working time.
    /// deploy/contracts/schemas/liaison.metrics.unit.json is the full contract.
    public var data: JSONValue {
        let n = numbers
        var fields: [(String, JSONValue)] = [(key.kind, .string(key.id))]
        if let window = key.window { fields.append(("window", .string(window))) }
        fields += [
            ("at", .string(at.rfc3339)),
            ("tasks", .object([
                ("assigned", .integer(n[.assigned])), ("accepted", .integer(n[.accepted])),
                ("completed", .integer(n[.completed])), ("open", .integer(n[.openTasks])),
                ("overdue", .integer(n[.overdueTasks])),
            ])),
            ("reminders", .integer(n[.reminders])), ("escalations", .integer(n[.escalations])),
            ("declines", .integer(n[.declines])), ("reassignments", .integer(n[.reassignments])),
            ("completedOnTime", .integer(n[.completedOnTime])), ("completedLate", .integer(n[.completedLate])),
            ("onTimeRate", onTimeRate.map(JSONValue.double) ?? .null),
            ("onTime", .object([("onTime", .integer(n[.completedOnTime])), ("completed", .integer(n[.completedOnTime] + n[.completedLate])),
                                ("openOverdue", .integer(max(0, n[.overdueTasks]))), ("denominator", .integer(onTimeDenominator))])),
            ("completionOnTimeRate", completionOnTimeRate.map(JSONValue.double) ?? .null),
            ("acceptMilliseconds", Self.distribution(n.acceptTimes)),
            ("completionMilliseconds", Self.distribution(n.completionTimes)),
            ("acceptWorkingMilliseconds", Self.distribution(n.acceptWorkingTimes)),
            ("completionWorkingMilliseconds", Self.distribution(n.completionWorkingTimes)),
            ("rating", .object([("count", .integer(n.ratingCount)), ("mean", meanRating.map(JSONValue.double) ?? .null),
                                ("distribution", .object(n.ratingScores.enumerated().map { (String($0.offset + 1), .integer($0.element)) }))])),
            ("escalationsByLevel", Self.breakdown(n, .escalationLevel)),
            ("escalationsByTarget", Self.breakdown(n, .escalationTarget)),
            ("declinesBySuggested", Self.breakdown(n, .declinedTo)),
            ("stages", stages),
        ]
        if case .unit = key.scope { fields.append(("byWorkflow", byWorkflow)) }
        if case .workflow = key.scope {
            let opened = n[.casesOpened]
            let closed = n[.casesClosed]
            fields.append(("cases", .object([("opened", .integer(opened)), ("closed", .integer(closed)),
                                             ("open", .integer(opened - closed))])))
        }
        return .object(fields)
    }

    static func distribution(_ histogram: DurationHistogram) -> JSONValue {
        func value(_ q: Double) -> JSONValue { histogram.percentile(q).map(JSONValue.integer) ?? .null }
        return .object([("count", .integer(histogram.count)), ("mean", histogram.mean.map { .integer($0 < 9.2e18 ? Int64($0.rounded()) : .max) } ?? .null),
                        ("p50", value(0.5)), ("p90", value(0.9)), ("p99", value(0.99))])
    }

    /// Per stage: tasks completed and the working time they took (sum and mean), so that a
    /// workflow's record shows in which stage the time goes.
    var stages: JSONValue {
        let completions = numbers.breakdowns[.stageCompletions] ?? [:]
        let sums = numbers.breakdowns[.stageWorkingMilliseconds] ?? [:]
        return .object(completions.keys.sorted().compactMap { stage in
            guard let count = completions[stage], count > 0 else { return nil }
            let sum = sums[stage] ?? 0
            return (stage, .object([("completed", .integer(count)), ("workingMilliseconds", .integer(sum)),
                                    ("meanWorkingMilliseconds", .integer(sum / count))]))
        })
    }

    /// A unit's numbers per workflow it works in (unit × workflow).
    var byWorkflow: JSONValue {
        let b = numbers.breakdowns
        let ids = Set((b[.assignedIn] ?? [:]).keys).union((b[.completedIn] ?? [:]).keys).sorted()
        return .object(ids.map { id in
            (id, .object([("assigned", .integer(b[.assignedIn]?[id] ?? 0)), ("completed", .integer(b[.completedIn]?[id] ?? 0)),
                          ("completedOnTime", .integer(b[.completedOnTimeIn]?[id] ?? 0)),
                          ("completedLate", .integer(b[.completedLateIn]?[id] ?? 0))]))
        })
    }

    /// A breakdown counter as `{detail: count}`, sorted, zero counts left out.
    static func breakdown(_ numbers: MetricContribution, _ name: MetricDelta.Name) -> JSONValue {
        let counts = numbers.breakdowns[name] ?? [:]
        return .object(counts.keys.sorted().compactMap { key in
            guard let value = counts[key], value != 0 else { return nil }
            return (key, .integer(value))
        })
    }
}
