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

    /// Completions that met their deadline among those that had one; nil when none had.
    public var onTimeRate: Double? {
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
    /// without samples); `onTimeRate` counts completions that had a deadline (null before one).
    public var data: JSONValue {
        let n = numbers
        var fields: [(String, JSONValue)] = [
            (key.kind, .string(key.id)), ("at", .string(at.rfc3339)),
            ("tasks", .object([
                ("assigned", .integer(n[.assigned])), ("accepted", .integer(n[.accepted])),
                ("completed", .integer(n[.completed])), ("open", .integer(n[.openTasks])),
                ("overdue", .integer(n[.overdueTasks])),
            ])),
            ("reminders", .integer(n[.reminders])), ("escalations", .integer(n[.escalations])),
            ("declines", .integer(n[.declines])), ("reassignments", .integer(n[.reassignments])),
            ("completedOnTime", .integer(n[.completedOnTime])), ("completedLate", .integer(n[.completedLate])),
            ("onTimeRate", onTimeRate.map(JSONValue.double) ?? .null),
            ("acceptMilliseconds", Self.distribution(n.acceptTimes)),
            ("completionMilliseconds", Self.distribution(n.completionTimes)),
            ("rating", .object([("count", .integer(n.ratingCount)), ("mean", meanRating.map(JSONValue.double) ?? .null)])),
        ]
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
        return .object([("count", .integer(histogram.count)), ("p50", value(0.5)), ("p90", value(0.9)), ("p99", value(0.99))])
    }
}
