/// A column of the `simulate` summary: its English name is also its key in `--format json`.
public enum ReportColumn: String, Hashable, Sendable, CaseIterable {
    /// Tasks assigned.
    case tasks
    /// Completed by the completion deadline.
    case onTime = "on-time"
    /// Completed after it.
    case late
    /// Still open.
    case open
    /// Open past a deadline now.
    case overdueNow = "overdue-now"
    /// On time out of completed.
    case onTimeRate = "on-time-rate"
    /// Median working hours from assignment to acceptance.
    case responseP50 = "response-p50"
    /// 90th percentile of the same.
    case responseP90 = "response-p90"
    /// Median working hours from assignment to completion.
    case completionP50 = "completion-p50"
    /// 90th percentile of the same.
    case completionP90 = "completion-p90"
    /// Reminders received.
    case reminders
    /// Escalations by level.
    case escalations
    /// Tasks declined.
    case declines
    /// Stage visits that ended.
    case visitsEnded = "visits-ended"
    /// Median working time a case spent in the stage.
    case medianWorkingTime = "median-working-time"

    /// The column's heading in `language`.
    public func text(_ language: Language) -> String {
        guard language == .chinese else { return rawValue }
        switch self {
        case .tasks: return "任务数"
        case .onTime: return "按时办结"
        case .late: return "逾期办结"
        case .open: return "在办"
        case .overdueNow: return "当前逾期"
        case .onTimeRate: return "按时率"
        case .responseP50: return "签收用时p50"
        case .responseP90: return "签收用时p90"
        case .completionP50: return "办结用时p50"
        case .completionP90: return "办结用时p90"
        case .reminders: return "催办"
        case .escalations: return "督办"
        case .declines: return "退回"
        case .visitsEnded: return "已结束次数"
        case .medianWorkingTime: return "工作用时中位数"
        }
    }
}
