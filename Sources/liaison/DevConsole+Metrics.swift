import LiaisonCore

extension DevConsole {
    /// The essentials of a `liaison.metrics` snapshot on one line: task counts, on-time rate,
    /// median times, mean rating (the record's first fields alone would hide them).
    static func metricsDetails(_ data: JSONValue) -> String {
        func number(_ value: JSONValue?) -> String {
            switch value {
            case .integer(let n)?: return "\(n)"
            case .double(let d)?: return String(Int((d * 100).rounded())) + "%"
            default: return "-"
            }
        }
        func minutes(_ value: JSONValue?) -> String {
            guard case .integer(let ms)? = value else { return "-" }
            if ms < 1_000 { return "\(ms)ms" }
            return ms < 60_000 ? "\(ms / 1000)s" : "\(ms / 60_000)m"
        }
        let tasks = data["tasks"]
        var parts = ["assigned", "open", "overdue", "completed"].map { "\($0)=\(number(tasks?[$0]))" }
        parts.append("onTime=\(number(data["onTimeRate"]))")
        parts.append("accept.p50=\(minutes(data["acceptMilliseconds"]?["p50"]))")
        parts.append("complete.p50=\(minutes(data["completionMilliseconds"]?["p50"]))")
        if case .double(let mean)? = data["rating"]?["mean"] {
            parts.append("rating=" + String(Double(Int(mean * 10)) / 10))
        }
        return parts.joined(separator: " ")
    }
}
