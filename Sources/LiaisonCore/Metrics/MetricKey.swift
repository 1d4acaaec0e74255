/// The key of one metrics record: `unit/<id>` or `workflow/<id>`.
///
/// The same string keys the per-partition rows in the store and the records on
/// `liaison.metrics`, so a dashboard that keeps the latest record per Kafka key sees one
/// current record per unit and per workflow.
public struct MetricKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Unit or workflow, with its id.
    public let scope: MetricDelta.Scope
    /// The time window, when the key is not the totals: `day/2026-12-01`, `week/2026-W49`,
    /// `month/2026-12` or `rolling30` (calendar-local). Unit and workflow ids hold no `/`.
    public let window: String?

    /// The key of a scope (`window` nil: its totals).
    public init(_ scope: MetricDelta.Scope, window: String? = nil) {
        self.scope = scope
        self.window = window
    }

    /// Parses `unit/<id>` or `workflow/<id>`, optionally followed by `/<window>`; nil for anything else.
    public init?(_ text: String) {
        let rest: Substring
        if text.hasPrefix("unit/"), text.count > 5 {
            rest = text.dropFirst(5)
        } else if text.hasPrefix("workflow/"), text.count > 9 {
            rest = text.dropFirst(9)
        } else {
            return nil
        }
        let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let id = parts.first, !id.isEmpty else { return nil }
        scope = text.hasPrefix("unit/") ? .unit(String(id)) : .workflow(String(id))
        window = parts.count > 1 ? String(parts[1]) : nil
        if window?.isEmpty == true { return nil }
    }

    /// The keys a delta adds to: its scope's totals and, for an act with a day, that day's row.
    public static func keys(of delta: MetricDelta) -> [MetricKey] {
        guard let day = delta.day else { return [MetricKey(delta.scope)] }
        return [MetricKey(delta.scope), MetricKey(delta.scope, window: "day/" + day)]
    }

    /// `unit` or `workflow`.
    public var kind: String {
        if case .unit = scope { return "unit" }
        return "workflow"
    }

    /// The unit or workflow id.
    public var id: String {
        switch scope {
        case .unit(let id), .workflow(let id): return id
        }
    }

    /// `unit/<id>` or `workflow/<id>`, plus `/<window>` for a window.
    public var description: String { "\(kind)/\(id)" + (window.map { "/" + $0 } ?? "") }

    /// Orders by the key text, for deterministic output.
    public static func < (lhs: MetricKey, rhs: MetricKey) -> Bool { lhs.description < rhs.description }
}
