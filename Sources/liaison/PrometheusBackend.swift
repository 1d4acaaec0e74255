import LiaisonRuntime
import Metrics
import Prometheus

/// The metrics backend of the executable: swift-metrics calls made anywhere in the process land
/// in one Prometheus registry, rendered on the admin server's `/metrics`.
///
/// Only the executable chooses a backend; the libraries use the swift-metrics API alone.
enum PrometheusBackend {
    /// Installs the backend (call once, before the daemon creates its metrics) and returns the
    /// renderer of the text exposition.
    static func bootstrap() -> @Sendable () -> String {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["liaison_timer_lateness_seconds"] = [
            .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(1800),
        ]
        factory.valueHistogramBuckets["liaison_batch_events"] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000]
        MetricsSystem.bootstrap(factory)
        return { MetricCatalog.addingHelp(to: registry.emitToString()) }
    }
}
