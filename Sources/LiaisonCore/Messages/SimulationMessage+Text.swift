/// The texts of `SimulationMessage`: English, then Chinese, for every message.
extension SimulationMessage: CustomStringConvertible {
    /// The English text.
    public var description: String { text(.english) }

    /// The message in `language`.
    public func text(_ language: Language) -> String {
        let l = language
        func time(_ local: LocalTime?) -> String { local?.text(l) ?? "-" }
        switch self {
        case .refused(let event, let code, let reason):
            let chinese = RefusalCode.all.first { $0.rawValue == code }?.meaning(.chinese)
                ?? EventError.Code(rawValue: code)?.meaning(.chinese) ?? reason
            return l.pick("\(event.map { "\($0): " } ?? "")\(code): \(reason)", "\(event.map { "\($0)：" } ?? "")\(code)：\(chinese)")
        case .duplicate(let event):
            return l.pick("\(event) was received before; ignored", "\(event) 此前已收到，不再处理")
        case .waiting(let event):
            return l.pick("\(event) waits for the case to open", "\(event) 等待案件开启后处理")
        case .rated(let score):
            return l.pick("cooperation rated \(score) of 5 (the rater is not shown)", "协作评分 \(score) 分（满分 5 分，不显示评分单位）")
        case .opened(let workflow, let version, let lead):
            return l.pick("\(workflow) v\(version), lead \(lead)", "流程 \(workflow) 第 \(version) 版，牵头单位 \(lead)")
        case .stageEntered(let stage, let mode, let completeWhen):
            return l.pick("stage \(stage) (\(mode), complete when \(completeWhen))",
                          "进入环节 \(stage)（\(Self.mode(mode, l))，办结条件 \(completeWhen)）")
        case .assigned(let stage, let role, let acceptBy, let completeBy, let uncovered):
            return l.pick("\(stage) as \(role): accept by \(time(acceptBy)), complete by \(time(completeBy))"
                          + (uncovered ? " (past the calendar's covered years: holidays unknown)" : ""),
                          "环节 \(stage)，作为\(Self.role(role, l))：签收期限 \(time(acceptBy))，办结期限 \(time(completeBy))"
                          + (uncovered ? "（超出日历覆盖的年份：节假日未知）" : ""))
        case .cancelled(let cancellation):
            switch cancellation {
            case .stageEnded(let stage, let outcome):
                return l.pick("stage \(stage) ended \(outcome)", "环节 \(stage) 已结束（\(outcome)），任务撤销")
            case .caseWithdrawn:
                return l.pick("case withdrawn", "案件已撤回，任务撤销")
            case .reassigned(let to):
                return l.pick("reassigned to \(to)", "已转办给 \(to)")
            case .other(let reason):
                return l.pick(reason, "任务撤销：\(reason)")
            }
        case .declined(let lead, let reassignBy):
            return l.pick("lead \(lead) must reassign by \(time(reassignBy))", "牵头单位 \(lead) 须在 \(time(reassignBy)) 前转办")
        case .reminded(let deadline, let percent, let due, let left, let working):
            return l.pick("\(deadline) deadline \(percent)%: due \(time(due)), \(Self.span(left, l))\(working ? " of working time" : "") left",
                          "\(Self.deadline(deadline, l))期限 \(percent)%：\(time(due)) 到期，剩余\(working ? "工作时间" : "") \(Self.span(left, l))")
        case .escalated(let deadline, let percent, let level, let to, let overdue):
            return l.pick("\(deadline) deadline \(percent)%: level \(level) to \(to), overdue by \(Self.span(overdue, l))",
                          "\(Self.deadline(deadline, l))期限 \(percent)%：第 \(level) 级督办报送 \(to)，已逾期 \(Self.span(overdue, l))")
        case .closed(let outcome):
            return l.pick("outcome \(outcome)", "结案，结果 \(outcome)")
        case .accepted(let stage):
            return l.pick("stage \(stage)", "签收环节 \(stage) 的任务")
        case .completed(let outcome):
            return l.pick("outcome \(outcome)", "办结，结果 \(outcome)")
        case .reassigned(let to):
            return l.pick("to \(to)", "转办给 \(to)")
        case .paused(let reason):
            return l.pick(reason, reason.isEmpty ? "暂停计时" : "暂停计时：\(reason)")
        case .resumed(let acceptBy, let completeBy):
            return l.pick("deadlines moved: accept by \(time(acceptBy)), complete by \(time(completeBy))",
                          "恢复计时，期限顺延：签收期限 \(time(acceptBy))，办结期限 \(time(completeBy))")
        case .overdue(let deadline):
            return l.pick("\(deadline) deadline passed", "\(Self.deadline(deadline, l))期限已过")
        case .malformed(let line, let code, let reason):
            return l.pick("line \(line): \(code.rawValue): \(reason)", "第 \(line) 行：\(code.rawValue)：\(code.meaning(.chinese))")
        case .otherOutput(let type):
            return l.pick(type, "输出 \(type)")
        case .kind(let kind):
            return l.pick(kind.rawValue, Self.chinese(kind))
        case .coverageWarning(let tasks, let calendar, let years):
            return l.pick("warning: \(tasks) task deadline(s) reach past the years calendar \(calendar) covers\(years.map { " (\($0))" } ?? ""); "
                          + "computed with the working week alone (calendarCovered: false); add the next year's holidays to the calendar",
                          "警告：\(tasks) 个任务的期限超出了日历 \(calendar) 覆盖的年份\(years.map { "（\($0)）" } ?? "")；"
                          + "这些期限只按每周工作日计算（calendarCovered: false）；请在日历中补充下一年的节假日")
        case .summaryHeader(let at):
            return l.pick("summary at \(at) (times in working hours; response = to acceptance, completion = to completion)",
                          "汇总（截至 \(at)；时间均为工作小时数；签收用时 = 交办至签收，办结用时 = 交办至办结）")
        case .difference(let scope, let name, let changes):
            let english = changes.map { "\($0.column.text(.english)) \($0.before) → \($0.after)" }.joined(separator: ", ")
            let chinese = changes.map { "\($0.column.text(.chinese)) \($0.before) → \($0.after)" }.joined(separator: "，")
            return l.pick("\(scope.text(l)) \(name): \(english)", "\(scope.text(l)) \(name)：\(chinese)")
        case .comparedWith(let directory):
            return l.pick("compared with \(directory):", "与 \(directory) 对比：")
        case .noDifference:
            return l.pick("no difference", "没有差异")
        }
    }

    /// A signed span as `1d 2h 5m` (`1天2小时5分`), or `-30m` when already past.
    static func span(_ milliseconds: Int64, _ l: Language) -> String {
        var rest = abs(milliseconds) / 1000
        let days = rest / 86_400
        rest %= 86_400
        let hours = rest / 3600
        let minutes = (rest % 3600) / 60
        let seconds = rest % 60
        var parts: [String] = []
        if days > 0 { parts.append(l.pick("\(days)d", "\(days)天")) }
        if hours > 0 { parts.append(l.pick("\(hours)h", "\(hours)小时")) }
        if minutes > 0 { parts.append(l.pick("\(minutes)m", "\(minutes)分")) }
        if seconds > 0 && days == 0 { parts.append(l.pick("\(seconds)s", "\(seconds)秒")) }
        let text = parts.isEmpty ? l.pick("0m", "0分") : parts.joined(separator: l.pick(" ", ""))
        return milliseconds < 0 ? "-" + text : text
    }

    /// The deadline a reminder, escalation or overdue line is about.
    private static func deadline(_ name: String, _ l: Language) -> String {
        switch name {
        case "accept": l.pick(name, "签收")
        case "complete": l.pick(name, "办结")
        case "reassign": l.pick(name, "转办")
        default: name
        }
    }

    private static func role(_ role: String, _ l: Language) -> String {
        switch role {
        case "lead": l.pick(role, "牵头单位")
        case "collaborator": l.pick(role, "协作单位")
        default: role
        }
    }

    private static func mode(_ mode: String, _ l: Language) -> String {
        switch mode {
        case "parallel": l.pick(mode, "并联")
        case "sequential": l.pick(mode, "串联")
        default: mode
        }
    }

    private static func chinese(_ kind: TimelineEntry.Kind) -> String {
        switch kind {
        case .opened: "立案"
        case .stage: "环节"
        case .assigned: "交办"
        case .accepted: "签收"
        case .completed: "办结"
        case .declined: "退回"
        case .reassigned: "转办"
        case .cancelled: "撤销"
        case .paused: "暂停"
        case .resumed: "恢复"
        case .overdue: "逾期"
        case .reminded: "催办"
        case .escalated: "督办"
        case .closed: "结案"
        case .waiting: "待开案"
        case .duplicate: "重复"
        case .rated: "互评"
        case .refused: "拒收"
        case .malformed: "格式错误"
        }
    }
}
