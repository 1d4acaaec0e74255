/// The key of one metrics record: `unit/<id>` or `workflow/<id>`.
///
/// The same string keys the per-partition rows in the store and the records on
/// `liaison.metrics`, so a dashboard that keeps the latest record per Kafka key sees one
/// current record per unit and per workflow.
public struct MetricKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Unit or workflow, with its id.
    public let scope: MetricDelta.Scope

    /// The key of a scope.
    public init(_ scope: MetricDelta.Scope) { self.scope = scope }

    /// Parses `unit/<id>` or `workflow/<id>`; nil for anything else.
    public init?(_ text: String) {
        if text.hasPrefix("unit/"), text.count > 5 {
            scope = .unit(String(text.dropFirst(5)))
        } else if text.hasPrefix("workflow/"), text.count > 9 {
            scope = .workflow(String(text.dropFirst(9)))
        } else {
            return nil
        }
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

    /// `unit/<id>` or `workflow/<id>`.
    public var description: String { "\(kind)/\(id)" }

    /// Orders by the key text, for deterministic output.
    public static func < (lhs: MetricKey, rhs: MetricKey) -> Bool { lhs.description < rhs.description }
}
