/// Every series the daemon exposes on `/metrics`, with its Prometheus type and help text.
///
/// swift-metrics carries no help text, so the executable's backend adds a `# HELP` line from
/// this list before each `# TYPE` line it renders; a test keeps the list and the series in step.
/// Durations are in seconds and say so in their names (`_seconds`).
public enum MetricCatalog {
    /// One series: its name, type and what it means.
    public struct Entry: Sendable {
        /// The series name as rendered.
        public let name: String
        /// `counter`, `gauge` or `histogram`.
        public let type: String
        /// The `# HELP` text.
        public let help: String
    }

    /// Every series, in the order of the operations guide.
    public static let all: [Entry] = [
        .init(name: "liaison_build_info", type: "gauge", help: "Always 1; labelled with the version and git commit of this binary"),
        .init(name: "liaison_events_total", type: "counter", help: "Inputs by event type and outcome (applied, duplicate, refused)"),
        .init(name: "liaison_dead_letters_total", type: "counter", help: "Records refused by the router or the engine, by reason code"),
        .init(name: "liaison_routed_total", type: "counter", help: "Department records that passed the routing checks (forwarded, or applied from a keyed topic directly)"),
        .init(name: "liaison_batch_events", type: "histogram", help: "Inputs (events and timers) per committed batch"),
        .init(name: "liaison_batch_duration_seconds", type: "histogram", help: "Time to build and commit one batch"),
        .init(name: "liaison_commit_duration_seconds", type: "histogram", help: "Time of the store transaction of one batch"),
        .init(name: "liaison_consumer_lag_seconds", type: "gauge", help: "Age of the newest inbound record read, per owned partition"),
        .init(name: "liaison_partitions_owned", type: "gauge", help: "Inbound partitions this instance owns"),
        .init(name: "liaison_outbox_depth", type: "gauge", help: "Outputs committed but not yet acknowledged by Kafka (sampled)"),
        .init(name: "liaison_timers_pending", type: "gauge", help: "Timer rows waiting in the store (sampled)"),
        .init(name: "liaison_timers_fired_total", type: "counter", help: "Timers fired"),
        .init(name: "liaison_timer_lateness_seconds", type: "histogram", help: "How late after their due time timers fired"),
        .init(name: "liaison_cases_stored", type: "gauge", help: "Case states in the store (sampled)"),
        .init(name: "liaison_store_bytes", type: "gauge", help: "Bytes of the store on disk, database and WAL (sampled)"),
        .init(name: "liaison_outputs_queued_total", type: "counter", help: "Outputs written to the outbox"),
        .init(name: "liaison_outputs_published_total", type: "counter", help: "Outputs acknowledged by Kafka"),
        .init(name: "liaison_calendar_uncovered_total", type: "counter", help: "Deadlines set past the years a calendar covers, by calendar"),
    ]

    /// Adds a `# HELP` line before each `# TYPE` line of a rendered exposition whose series
    /// this catalog knows.
    public static func addingHelp(to exposition: String) -> String {
        let help = Dictionary(all.map { ($0.name, $0.help) }, uniquingKeysWith: { first, _ in first })
        var lines: [Substring] = []
        for line in exposition.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE "), let name = line.dropFirst(7).split(separator: " ").first, let text = help[String(name)] {
                lines.append("# HELP \(name) \(text)")
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
