/// What each reason code means, in the designer's language, for `simulate`'s refused and
/// malformed lines. The codes themselves are a contract and stay as they are.
extension RefusalCode {
    /// The meaning in `language`; nil for a code this catalogue does not know.
    public func meaning(_ language: Language) -> String? {
        language == .english ? meaning : Self.chinese[rawValue]
    }

    private static let chinese: [String: String] = [
        "unknown-matter": "没有哪个已加载的流程受理这一 gov.case.opened 的事项（matter）",
        "not-an-opener": "发送单位无权发起本流程的案件（见 start.by）；该案件编号仍可由有权单位使用",
        "already-open": "该编号的案件已经开启",
        "no-lead": "发起事件没有指明牵头单位，流程也没有默认牵头单位",
        "no-parties": "流程中的某个环节对本案件没有参与单位",
        "unknown-unit": "事件中的某个单位没有在 units.yaml 中登记",
        "unknown-workflow": "案件所依据的流程版本已不再加载",
        "future-time": "事件时间比当前时间超前太多（超过 processing.max_future_skew）",
        "past-time": "事件时间比当前时间滞后太多（超过 processing.max_past_skew）",
        "case-closed": "案件已结案，不能再办理任何事项",
        "not-a-party": "发送单位不是本案件的参与单位",
        "not-assigned": "该单位在当前环节（尚）无任务",
        "wrong-stage": "事件指明的环节不是案件当前所处的环节",
        "already-completed": "该单位已办结本环节的任务",
        "already-accepted": "该单位已签收任务",
        "declined": "该单位已退回任务，须由牵头单位转办",
        "reassigned": "该单位的任务已转办给其他单位",
        "task-closed": "该单位的任务已关闭",
        "lead-cannot-decline": "牵头单位对案件负总责，不能退回本案件的任务",
        "nothing-to-pause": "该单位没有正在计时的任务可以暂停",
        "not-paused": "该单位的任务没有暂停",
        "not-the-lead": "只有案件的牵头单位可以转办任务",
        "already-assigned": "目标单位在本环节已有任务或已办结过任务",
        "same-unit": "任务不能转办给正在承办它的单位",
        "not-allowed-to-withdraw": "只有发起案件的单位或牵头单位可以撤回案件",
        "self-rating": "单位不能给自己评分",
        "rater-not-a-party": "只有本案件的参与单位或牵头单位可以评分",
        "rated-not-a-party": "被评分的单位不是本案件的参与单位",
        "inbox-full": "案件尚未开启，其待处理事件已满（processing.inbox_max_events / inbox_max_bytes）",
        "inbox-expired": "案件未在 processing.inbox_ttl 内开启，等待中的事件过期",
    ]
}

extension EventError.Code {
    /// The meaning in `language`.
    public func meaning(_ language: Language) -> String {
        guard language == .chinese else { return meaning }
        switch self {
        case .notJSON: return "消息体（结构化模式）或 data（二进制模式）不是 JSON"
        case .missingAttribute: return "缺少必需的 CloudEvents 属性（specversion、id、source、type、subject 或 data.caseId）"
        case .unknownType: return "type 不是 Liaison 接收的事件类型"
        case .badTime: return "time 不是 RFC 3339 时刻"
        case .badSource: return "source 不是 /units/<单位 id> 的形式"
        case .badData: return "data 缺少该类型所需的字段，或字段类型不对"
        case .badAttribute: return "id、subject、source 或 type 过长，或含有控制字符"
        }
    }
}
