import LiaisonCore
import Metrics

/// Publishes the daemon's operator metrics through the swift-metrics API.
///
/// The runtime only talks to the API; the executable bootstraps a backend (Prometheus) and
/// serves it on `/metrics`. Without a bootstrapped backend every call here is a no-op, so tests
/// and library users pay nothing. Names follow Prometheus conventions (DESIGN §7; deploy/README.md lists them).
struct MetricsEmitter: Sendable {
    private let batchSize = Recorder(label: "liaison_batch_events")
    private let commitLatency = Timer(label: "liaison_commit_duration_seconds", preferredDisplayUnit: .seconds)
    private let batchLatency = Timer(label: "liaison_batch_duration_seconds", preferredDisplayUnit: .seconds)
    private let timerLateness = Timer(label: "liaison_timer_lateness_seconds", preferredDisplayUnit: .seconds)
    private let routed = Counter(label: "liaison_routed_total")
    private let published = Counter(label: "liaison_outputs_published_total")
    private let queued = Counter(label: "liaison_outputs_queued_total")
    private let outboxDepth = Gauge(label: "liaison_outbox_depth")
    private let timersPending = Gauge(label: "liaison_timers_pending")
    private let casesStored = Gauge(label: "liaison_cases_stored")
    private let storeBytes = Gauge(label: "liaison_store_bytes")
    private let partitionsOwned = Gauge(label: "liaison_partitions_owned")
    private let timersFired = Counter(label: "liaison_timers_fired_total")

    /// Creates every counter whose labels are known in advance, so that each series reads 0
    /// from the start instead of appearing with its first increment (a `rate()` over a series
    /// that appears mid-way misses its first step). Also sets `liaison_build_info`.
    init() {
        for type in EventType.allCases {
            _ = Counter(label: "liaison_events_total", dimensions: [("type", type.rawValue), ("outcome", "applied")])
        }
        for outcome in ["duplicate", "refused"] {
            _ = Counter(label: "liaison_events_total", dimensions: [("type", "unknown"), ("outcome", outcome)])
        }
        for entry in DeadLetterCode.all {
            _ = Counter(label: "liaison_dead_letters_total", dimensions: [("reason", entry.code), ("stage", entry.refusedBy == "engine" ? "engine" : "router")])
        }
        Gauge(label: "liaison_build_info", dimensions: [("version", BuildInfo.version), ("commit", BuildInfo.commit)]).record(1)
    }

    /// One record forwarded by the router to the inbound topic.
    func recordRouted() {
        routed.increment()
    }

    /// Refused records, by reason code; `stage` is `router` or `engine`.
    func recordDeadLetters(_ counts: [String: Int], stage: String) {
        for (reason, count) in counts {
            Counter(label: "liaison_dead_letters_total", dimensions: [("reason", reason), ("stage", stage)])
                .increment(by: count)
            Counter(label: "liaison_events_total", dimensions: [("type", "unknown"), ("outcome", "refused")])
                .increment(by: count)
        }
    }

    /// One committed batch: its inputs by outcome, its size and latencies.
    func recordBatch(outcomes: [InputOutcome], outputs: Int, batchTime: Duration, commitTime: Duration) {
        var applied: [String: Int] = [:]
        var refused: [String: Int] = [:]
        var refusedUnread: [String: Int] = [:]
        var duplicates = 0
        var fired = 0
        for outcome in outcomes {
            switch outcome {
            case .applied(let type): applied[type, default: 0] += 1
            case .duplicate: duplicates += 1
            case .refused(let code): refused[code, default: 0] += 1
            case .refusedUnread(let code): refusedUnread[code, default: 0] += 1
            case .timerFired(let lateness):
                fired += 1
                timerLateness.recordMilliseconds(max(0, lateness))
            }
        }
        for (type, count) in applied {
            Counter(label: "liaison_events_total", dimensions: [("type", type), ("outcome", "applied")]).increment(by: count)
        }
        if duplicates > 0 {
            Counter(label: "liaison_events_total", dimensions: [("type", "unknown"), ("outcome", "duplicate")]).increment(by: duplicates)
        }
        if fired > 0 {
            timersFired.increment(by: fired)
        }
        recordDeadLetters(refused, stage: "engine")
        recordDeadLetters(refusedUnread, stage: "router")
        queued.increment(by: outputs)
        batchSize.record(outcomes.count)
        batchLatency.recordNanoseconds(Self.nanoseconds(batchTime))
        commitLatency.recordNanoseconds(Self.nanoseconds(commitTime))
    }

    /// Deadlines computed past a calendar's covered years, one per entry, by calendar.
    func recordCalendarUncovered(_ calendars: [String]) {
        for calendar in calendars {
            Counter(label: "liaison_calendar_uncovered_total", dimensions: [("calendar", calendar)]).increment()
        }
    }

    /// Outputs acknowledged by the broker.
    func recordPublished(_ count: Int) {
        published.increment(by: count)
    }

    /// Store counts sampled by ``StoreSampler``.
    func recordStore(cases: Int, timers: Int, outbox: Int, bytes: Int64) {
        casesStored.record(cases)
        timersPending.record(timers)
        outboxDepth.record(outbox)
        storeBytes.record(bytes)
    }

    /// How far behind the newest record read on each partition the processing stage is, in
    /// seconds of broker time (the consumer-lag signal), and how many partitions it owns.
    func recordPartitions(owned: Int, lagSeconds: [Int32: Double]) {
        partitionsOwned.record(owned)
        for (partition, lag) in lagSeconds {
            Gauge(label: "liaison_consumer_lag_seconds", dimensions: [("partition", String(partition))]).record(lag)
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
