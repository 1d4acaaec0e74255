import LiaisonCore
import Synchronization

/// The metrics snapshot this instance published last, for the cockpit page: it shows the very
/// numbers that went to `liaison.metrics`, so a dashboard and the page never disagree.
final class CockpitFeed: Sendable {
    private let latest = Mutex<[MetricSnapshot]>([])

    /// Creates an empty feed.
    init() {}

    /// Replaces the snapshots with those just published.
    func publish(_ snapshots: [MetricSnapshot]) {
        latest.withLock { $0 = snapshots }
    }

    /// The snapshots published last; empty before the first (or on an instance that does not publish).
    var snapshots: [MetricSnapshot] { latest.withLock { $0 } }
}
