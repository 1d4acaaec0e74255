import LiaisonCore
import Synchronization

/// The metrics snapshot this instance published last, for the cockpit page: it shows the very
/// numbers that went to `liaison.metrics`, so a dashboard and the page never disagree.
final class CockpitFeed: Sendable {
    private let latest = Mutex<(snapshots: [MetricSnapshot], days: [String: MetricContribution])>(([], [:]))

    /// Creates an empty feed.
    init() {}

    /// Replaces the snapshots with those just published, and the daily numbers of all workflows
    /// together (by `YYYY-MM-DD`) that the cockpit's trend draws, merged from the same rows.
    func publish(_ snapshots: [MetricSnapshot], days: [String: MetricContribution]) {
        latest.withLock { $0 = (snapshots, days) }
    }

    /// The snapshots published last; empty before the first (or on an instance that does not publish).
    var snapshots: [MetricSnapshot] { latest.withLock { $0.snapshots } }

    /// The daily numbers of the last publication (empty as `snapshots`).
    var days: [String: MetricContribution] { latest.withLock { $0.days } }

    /// Every workflow's daily rows merged per day: the trend, all workflows together.
    static func workflowDays(_ numbers: [MetricKey: MetricContribution]) -> [String: MetricContribution] {
        var days: [String: MetricContribution] = [:]
        for (key, contribution) in numbers {
            guard case .workflow = key.scope, let window = key.window, window.hasPrefix("day/") else { continue }
            days[String(window.dropFirst(4)), default: MetricContribution()].merge(contribution)
        }
        return days
    }
}
