/// The texts of `DefinitionMessage`: English, then Chinese, for every message.
extension DefinitionMessage: CustomStringConvertible {
    /// The English text.
    public var description: String { text(.english) }

    /// The message in `language`.
    public func text(_ language: Language) -> String {
        let l = language
        switch self {
        case .emptyFile:
            return l.pick("the file is empty", "文件是空的")
        case .notYAML(let detail):
            return l.pick("not valid YAML: \(detail)", "不是有效的 YAML：\(detail)")
        case .syntax(let mistake, let libyaml):
            return l.pick("\(mistake.text(l)) (YAML: \(libyaml))", "\(mistake.text(l))（YAML 原文：\(libyaml)）")
        case .duplicatedKeys(let keys):
            let list = keys.map { "'\($0)'" }
            return l.pick("\(list.joined(separator: ", ")) given more than once in the mapping that starts here",
                          "从这里开始的映射中，\(list.joined(separator: "、")) 出现了不止一次")
        case .notAMapping(let s):
            return l.pick("\(s.text(l)) must be a mapping", "\(s.text(l)) 应是“键: 值”形式的映射")
        case .keyNotAWord(let s):
            return l.pick("\(s.text(l)) has a key that is not a plain word", "\(s.text(l)) 中有一个键不是普通的单词")
        case .unknownKey(let key, let s, let expected):
            return l.pick("unknown key '\(key)' in \(s.text(l)) (expected one of: \(expected.sorted().joined(separator: ", ")))",
                          "\(s.text(l)) 中有未知的键 '\(key)'（可用的键：\(expected.sorted().joined(separator: "、"))）")
        case .duplicateKey(let key, let s):
            return l.pick("duplicate key '\(key)' in \(s.text(l))", "\(s.text(l)) 中的键 '\(key)' 重复出现")
        case .notSingleValue(let s):
            return l.pick("\(s.text(l)) must be a single value", "\(s.text(l)) 应是单个值")
        case .notAList(let s):
            return l.pick("\(s.text(l)) must be a list", "\(s.text(l)) 应是列表")
        case .missingKey(let key, let s):
            return l.pick("\(s.text(l)) has no '\(key)'", "\(s.text(l)) 缺少 '\(key)'")
        case .needsFrom(let s):
            return l.pick("\(s.text(l)) needs 'from: data.FIELD'", "\(s.text(l)) 需要写 'from: data.字段名'")
        case .emptyList(let s):
            return l.pick("\(s.text(l)) is empty", "\(s.text(l)) 是空的")
        case .malformedUnitID(let s, let text):
            return l.pick("\(s.text(l)) '\(text)' is not a unit id (lowercase letters, digits, '-', '_', '.')",
                          "\(s.text(l)) '\(text)' 不是有效的单位 id（只能用小写字母、数字和 '-'、'_'、'.'）")
        case .unregisteredUnit(let s, let text, let suggestion):
            return l.pick("\(s.text(l)) '\(text)' is not a registered unit\(suggestion.map { " (did you mean '\($0)'?)" } ?? ""); units are listed in units.yaml",
                          "\(s.text(l)) '\(text)' 不是单位名录中登记的单位\(suggestion.map { "（是不是 '\($0)'？）" } ?? "")；单位在 units.yaml 中登记")
        case .notDataField(let s, let text):
            return l.pick("\(s.text(l)) '\(text)' must name an event field as data.FIELD",
                          "\(s.text(l)) '\(text)' 应以 data.字段名 的形式指明事件数据中的字段")
        case .unitListedTwice(let unit, let s):
            return l.pick("unit '\(unit)' is listed twice in \(s.text(l))", "单位 '\(unit)' 在 \(s.text(l)) 中列了两次")
        case .registryNeedsUnits:
            return l.pick("the unit registry needs 'units:' with a list of { id, name }", "单位名录需要写 'units:'，其下是由 { id, name } 组成的列表")
        case .unitNeedsID:
            return l.pick("a unit needs an 'id'", "每个单位都要写 'id'")
        case .unitNeedsName(let id):
            return l.pick("unit '\(id)' needs a 'name'", "单位 '\(id)' 需要写 'name'（单位名称）")
        case .unitRegisteredTwice(let id):
            return l.pick("unit '\(id)' is registered twice", "单位 '\(id)' 登记了两次")
        case .invalidWorkflowID(let text):
            return l.pick("id '\(text)' must be lowercase letters, digits and '-'", "id '\(text)' 只能由小写字母、数字和 '-' 组成")
        case .invalidVersion:
            return l.pick("version must be a whole number from 1", "version 应是从 1 开始的整数")
        case .unknownCalendar(let name, let known):
            let list = known.sorted()
            return l.pick("unknown calendar '\(name)' (known: \(list.isEmpty ? "none" : list.joined(separator: ", ")); calendars live in calendars/)",
                          "未知的日历 '\(name)'（现有：\(list.isEmpty ? "无" : list.joined(separator: "、"))；日历文件放在 calendars/ 目录下）")
        case .startOnNotCaseOpened:
            return l.pick("start.on must be gov.case.opened", "start.on 只能是 gov.case.opened")
        case .startByEmpty:
            return l.pick("start.by must name at least one unit", "start.by 至少要列出一个单位")
        case .startByNeeded(let field):
            return l.pick("start.by is needed: the lead comes from data.\(field) with no default, so the file must say which units may open cases",
                          "需要写 start.by：牵头单位取自 data.\(field) 且没有默认值，文件必须写明哪些单位可以发起案件")
        case .stagesNotAList:
            return l.pick("stages must be a non-empty list", "stages 应是非空的列表")
        case .invalidStageID(let text):
            return l.pick("stage id '\(text)' must be lowercase letters, digits and '-' (and not 'end')",
                          "环节 id '\(text)' 只能由小写字母、数字和 '-' 组成（且不能是 'end'）")
        case .invalidMode(let text):
            return l.pick("mode must be parallel or sequential, not '\(text)'", "mode 只能是 parallel（并联）或 sequential（串联），不能是 '\(text)'")
        case .chaseWithoutDeadline:
            return l.pick("reminders and escalations need a deadline (accept_within or complete_within)",
                          "催办和督办都要以期限为准，请写 accept_within 或 complete_within")
        case .invalidDuration(let s, let text):
            return l.pick("\(s.text(l)) '\(text)' is not a duration (e.g. 45s, 30m, 4h, 2d, 4 workhours, 3 workdays)",
                          "\(s.text(l)) '\(text)' 不是有效的时限（例如 45s、30m、4h、2d、4 workhours、3 workdays）")
        case .invalidPercent(let s, let text):
            return l.pick("\(s.text(l)) '\(text)' is not a percentage like 80%", "\(s.text(l)) '\(text)' 不是 80% 这样的百分比")
        case .reminderMarksMustRise(let s, let value, let last):
            return l.pick("\(s.text(l)) marks must rise: \(value)% comes after \(last)%", "\(s.text(l)) 的百分比必须逐个增大：\(value)% 写在了 \(last)% 之后")
        case .escalationMarksMustRise(let value, let last):
            return l.pick("escalation marks must rise: \(value)% comes after \(last)%", "督办的百分比必须逐级增大：\(value)% 写在了 \(last)% 之后")
        case .escalateNotAList:
            return l.pick("escalate must be a list of { at: N%, to: ... }", "escalate 应是由 { at: N%, to: ... } 组成的列表")
        case .escalationStepIncomplete:
            return l.pick("an escalation step needs 'at' and 'to'", "每一级督办都要写 'at' 和 'to'")
        case .supervisorNotNamed:
            return l.pick("escalate.to is 'supervisor' but the workflow names no supervisor",
                          "escalate.to 写的是 'supervisor'，但本流程没有写 supervisor（督办单位）")
        case .invalidEscalationTarget(let text):
            return l.pick("escalate.to '\(text)' is not a unit id, 'supervisor' or 'lead'", "escalate.to '\(text)' 既不是单位 id，也不是 'supervisor' 或 'lead'")
        case .invalidQuorum(let text):
            return l.pick("complete_when '\(text)' must be all, any or \"K of N\"", "complete_when '\(text)' 只能是 all、any 或 \"K of N\"")
        case .quorumTooLarge(let text, let parties):
            return l.pick("complete_when '\(text)' needs more approvals than the stage has parties (\(parties))",
                          "complete_when '\(text)' 要求的同意数多于本环节的参与单位数（\(parties) 个）")
        case .quorumCountMismatch(let text, let said, let parties):
            return l.pick("complete_when '\(text)' says \(said) parties but the stage has \(parties)",
                          "complete_when '\(text)' 写的是 \(said) 个参与单位，但本环节有 \(parties) 个")
        case .duplicateStageID(let id):
            return l.pick("stage id '\(id)' is used twice", "环节 id '\(id)' 用了两次")
        case .nextNamesNoStage(let key, let stage, let target):
            return l.pick("next.\(key) of stage '\(stage)' names no stage: '\(target)' (use a stage id or 'end')",
                          "环节 '\(stage)' 的 next.\(key) 指向的 '\(target)' 不是本流程的环节（应写环节 id 或 'end'）")
        case .unreachableStage(let stage, let first):
            return l.pick("stage '\(stage)' can never be reached from the first stage '\(first)'", "从第一个环节 '\(first)' 出发，永远走不到环节 '\(stage)'")
        case .loopWithoutEnd(let stage):
            return l.pick("stage '\(stage)' is in a loop with no way out: no path from it reaches 'end'",
                          "环节 '\(stage)' 处在没有出口的循环中：从它出发的任何路径都走不到 'end'")
        case .noCompleteWithin(let stage):
            return l.pick("stage '\(stage)' has no complete_within: its tasks have no completion deadline, "
                          + "nobody is reminded or escalated once they accept, and a declined task leaves the lead nothing to be chased by",
                          "环节 '\(stage)' 没有写 complete_within：其任务没有办结时限，签收之后不会再有催办或督办；"
                          + "任务被退回时，牵头单位也没有时限可以追究")
        case .reminderAfterDeadline(let percent):
            return l.pick("a reminder at \(percent)% comes when the deadline has already passed; remind before 100% and escalate (escalate:) from 100% on",
                          "\(percent)% 处的催办发出时期限已过；催办应在 100% 之前，100% 起用 escalate: 督办")
        case .escalationBeforeDeadline(let percent):
            return l.pick("an escalation at \(percent)% goes to the supervisor before the deadline has passed; use remind_at before 100% and escalate from 100% on",
                          "\(percent)% 处的督办在期限未到时就报送督办单位；100% 之前请用 remind_at 催办，100% 起再督办")
        case .escalationToLateParty(let late, let stage):
            return l.pick("this escalation goes to \(late.text(l)), a party of stage '\(stage)': when \(late.text(l)) is the late unit "
                          + "it is told about its own lateness; escalate to the lead, the supervisor or a unit above it",
                          "这一级督办报送给\(late.text(l))，而它本身就是环节 '\(stage)' 的参与单位：逾期的若正是\(late.text(l))，"
                          + "督办就成了告诉它自己逾期；请改为报送牵头单位、督办单位或其上级单位")
        case .supervisorUnused(let supervisor):
            return l.pick("supervisor '\(supervisor)' is declared but no escalation step goes to 'supervisor'; use it in an escalate list or remove it",
                          "写了督办单位 supervisor '\(supervisor)'，但没有哪一级督办报送给 'supervisor'；请在 escalate 中使用它，或删去这一行")
        case .calendarDefinedTwice(let id):
            return l.pick("calendar id '\(id)' is defined twice", "日历 id '\(id)' 定义了两次")
        case .workflowVersionDefinedTwice(let id, let version, let other):
            return l.pick("workflow '\(id)' version \(version) is already defined in \(other)", "流程 '\(id)' 第 \(version) 版已在 \(other) 中定义")
        case .matterTaken(let matter, let other):
            return l.pick("matter '\(matter)' already starts workflow '\(other)'", "事项 matter '\(matter)' 已由流程 '\(other)' 受理")
        case .coverageEnded(let calendar, let years, let last, let next):
            return l.pick("calendar '\(calendar)' covers \(years), which ended on \(last): " + Self.coverageAdvice(next, l),
                          "日历 '\(calendar)' 覆盖 \(years) 年，已于 \(last) 结束：" + Self.coverageAdvice(next, l))
        case .coverageEnding(let calendar, let years, let last, let days, let next):
            return l.pick("calendar '\(calendar)' covers \(years), which ends on \(last), in \(days) day(s): " + Self.coverageAdvice(next, l),
                          "日历 '\(calendar)' 覆盖 \(years) 年，将于 \(last) 结束（还有 \(days) 天）：" + Self.coverageAdvice(next, l))
        case .calendarNotAMapping:
            return l.pick("a calendar file must be a mapping with id, timezone, workweek and hours", "日历文件应是含有 id、timezone、workweek 和 hours 的映射")
        case .calendarKeyNotAWord:
            return l.pick("keys must be plain words", "键必须是普通的单词")
        case .calendarUnknownKey(let key, let known):
            return l.pick("unknown key '\(key)'; a calendar has \(known.joined(separator: ", "))", "未知的键 '\(key)'；日历文件可用的键：\(known.joined(separator: "、"))")
        case .calendarMissingKey(let key):
            return l.pick("missing '\(key)'", "缺少 '\(key)'")
        case .invalidCalendarID:
            return l.pick("'id' must be a word of letters, digits, '-', '_' or '.'", "'id' 只能由字母、数字和 '-'、'_'、'.' 组成")
        case .unknownTimeZone(let node):
            return l.pick("unknown time zone \(node.text(l)); use an IANA name such as Asia/Shanghai", "未知的时区 \(node.text(l))；请用 Asia/Shanghai 这样的 IANA 时区名")
        case .workweekNotAList:
            return l.pick("'workweek' must be a list of days such as [mon, tue, wed, thu, fri]", "'workweek' 应是星期几的列表，例如 [mon, tue, wed, thu, fri]")
        case .notADay(let node):
            return l.pick("\(node.text(l)) is not a day; use mon, tue, wed, thu, fri, sat or sun", "\(node.text(l)) 不是星期几；请用 mon、tue、wed、thu、fri、sat 或 sun")
        case .dayTwiceInWorkweek(let name):
            return l.pick("'\(name)' is listed twice in the working week", "'\(name)' 在 workweek 中列了两次")
        case .emptyWorkweek:
            return l.pick("the working week has no day", "workweek 中一天也没有")
        case .hoursNotAList:
            return l.pick("'hours' must be a non-empty list of ranges such as [\"09:00-12:00\", \"13:30-17:30\"]",
                          "'hours' 应是非空的时段列表，例如 [\"09:00-12:00\", \"13:30-17:30\"]")
        case .invalidHourRange(let node):
            return l.pick("\(node.text(l)) is not an hour range HH:MM-HH:MM with start before end", "\(node.text(l)) 不是 HH:MM-HH:MM 形式的时段（开始时间须早于结束时间）")
        case .hoursOverlap(let later, let earlier):
            return l.pick("working hours \(later) overlap \(earlier)", "工作时段 \(later) 与 \(earlier) 重叠")
        case .invalidCovers:
            return l.pick("'covers' must be a year such as 2026 or a range of years such as 2026..2027", "'covers' 应是年份（如 2026）或年份范围（如 2026..2027）")
        case .dateOutsideCovers(let date, let covers):
            return l.pick("\(date) lies outside the years the calendar covers (\(covers)); extend 'covers' or remove the date",
                          "\(date) 不在日历覆盖的年份（\(covers)）之内；请延长 'covers' 或删去该日期")
        case .daysNotAList(let key):
            return l.pick("'\(key)' must be a list of dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD",
                          "'\(key)' 应是由日期 YYYY-MM-DD 或日期范围 YYYY-MM-DD..YYYY-MM-DD 组成的列表")
        case .invalidDate(let node):
            return l.pick("\(node.text(l)) is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD",
                          "\(node.text(l)) 既不是日期 YYYY-MM-DD，也不是日期范围 YYYY-MM-DD..YYYY-MM-DD")
        case .invalidRange(let text, let longest):
            return l.pick("range '\(text)' must run forward and span at most \(longest) days", "日期范围 '\(text)' 应从前往后写，且最多跨 \(longest) 天")
        case .dayBothHolidayAndWorkday(let date):
            return l.pick("\(date) is listed both as a holiday and as a working day", "\(date) 既列为节假日，又列为调休工作日")
        case .workdayInWorkweek(let date):
            return l.pick("\(date) is already a working day of the working week; 'workdays' lists the weekend days that are worked (调休)",
                          "\(date) 本来就是每周的工作日；'workdays' 只列调休上班的周末日期")
        case .severity(let severity):
            switch severity {
            case .error: return l.pick("error", "错误")
            case .warning: return l.pick("warning", "警告")
            case .notice: return l.pick("notice", "提示")
            }
        }
    }

    /// What a coverage notice asks for, after saying when the coverage ends.
    private static func coverageAdvice(_ next: Int, _ l: Language) -> String {
        l.pick("deadlines after it are computed with the working week alone and flagged calendarCovered: false; "
               + "add \(next)'s holidays and adjusted working days and extend 'covers'",
               "此后的期限只按每周工作日计算，并标记 calendarCovered: false；请补充 \(next) 年的节假日和调休工作日，并延长 'covers'")
    }
}

extension DefinitionMessage.Subject {
    /// The subject in `language`; keys stay as written.
    public func text(_ l: Language) -> String {
        switch self {
        case .key(let key): return key
        case .workflow: return l.pick("the workflow", "流程文件")
        case .stage: return l.pick("a stage", "环节")
        case .stageNamed(let id): return l.pick("stage '\(id)'", "环节 '\(id)'")
        case .stageID: return l.pick("stage id", "环节 id")
        case .escalationStep: return l.pick("an escalation step", "督办步骤")
        case .unitRegistry: return l.pick("the unit registry", "单位名录")
        case .unitEntry: return l.pick("a unit", "单位条目")
        case .unitID: return l.pick("unit id", "单位 id")
        case .item(let list): return l.pick("an item of \(list.text(l))", "\(list.text(l)) 中的一项")
        case .unit(let list): return l.pick("a unit in \(list.text(l))", "\(list.text(l)) 中的单位")
        case .mark(let list): return l.pick("a mark in \(list.text(l))", "\(list.text(l)) 中的百分比")
        }
    }
}

extension DefinitionMessage.NodeText {
    /// The node in `language`: its text quoted, or its kind.
    public func text(_ l: Language) -> String {
        switch self {
        case .text(let text): return "'\(text)'"
        case .mapping: return l.pick("a mapping", "一个映射")
        case .list: return l.pick("a list", "一个列表")
        case .alias: return l.pick("an alias", "一个别名")
        }
    }
}

extension DefinitionMessage.LateParty {
    /// The party in `language`.
    public func text(_ l: Language) -> String {
        switch self {
        case .lead: return l.pick("the lead", "牵头单位")
        case .unit(let id): return l.pick("'\(id)'", "单位 '\(id)'")
        }
    }
}

extension DefinitionMessage.YAMLMistake {
    /// What is wrong and what to do, in `language`.
    public func text(_ l: Language) -> String {
        switch self {
        case .unexpectedColon:
            return l.pick("a ':' YAML did not expect here: this line is probably indented more than the keys beside it, or a value holding ': ' needs quotes",
                          "这里出现了 YAML 意料之外的 ':'：这一行可能比旁边的键缩进得多，或者含有 ': ' 的值需要加引号")
        case .misindentedKey:
            return l.pick("this line is not indented like the keys of its block: line keys up under each other (spaces, not tabs), and start a list item with '- '",
                          "这一行的缩进与同一块中的键不一致：同一层的键要上下对齐（用空格，不要用 Tab），列表项以 '- ' 开头")
        case .missingDash:
            return l.pick("a list item without '-': every item of a list starts with '- ' at the same indentation",
                          "列表项缺少 '-'：列表的每一项都以 '- ' 开头，且缩进相同")
        case .tab:
            return l.pick("a character YAML cannot start with here, most often a tab: indent with spaces only, and quote text starting with @ or `",
                          "这里有 YAML 不能作为开头的字符，最常见的是 Tab：缩进只能用空格；以 @ 或 ` 开头的文字要加引号")
        case .unclosedBracket:
            return l.pick("a list opened with '[' here is not closed with ']' (or two of its items lack a ',' between them)",
                          "这里用 '[' 开始的列表没有用 ']' 结束（或者其中两项之间少了 ','）")
        case .unclosedBrace:
            return l.pick("a mapping opened with '{' here is not closed with '}' (or two of its entries lack a ',' between them)",
                          "这里用 '{' 开始的映射没有用 '}' 结束（或者其中两项之间少了 ','）")
        case .unclosedQuote:
            return l.pick("a quote opened here is never closed", "这里开始的引号没有结束")
        case .missingColon:
            return l.pick("a key without ':': write 'key: value'", "键后面少了 ':'：应写成 '键: 值'")
        case .misplacedListItem:
            return l.pick("a '- ' list item where a value was expected: put the list on its own lines, indented under its key",
                          "这里应当是一个值，却出现了 '- ' 列表项：请把列表另起几行，缩进写在它的键下面")
        }
    }
}
