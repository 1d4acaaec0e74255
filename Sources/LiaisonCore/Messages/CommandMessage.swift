/// What the `validate` and `simulate` verbs themselves say around the loader's and the
/// simulation's messages: results, totals and their own usage errors.
public enum CommandMessage: Hashable, Sendable {
    /// `validate` refused the definitions.
    case errorCount(Int)
    /// `validate --strict` refused warnings.
    case warningsRefused(Int)
    /// One valid workflow; `calendar` nil when every hour counts.
    case workflowValid(id: String, version: Int, file: String, stages: [String], matter: String, calendar: String?)
    /// `validate`'s last line when everything loaded.
    case allValid(workflows: Int, calendars: Int, warnings: Int)
    /// A path named on the command line does not exist.
    case noSuchPath(String)
    /// A definition file could not be read, with the reason.
    case cannotReadDefinitions(String)
    /// `--today` is not a date.
    case invalidToday(String)
    /// The events file could not be read.
    case cannotReadEvents(String)
    /// `--until` is neither an instant nor a date.
    case invalidUntil(String)
    /// `simulate` could not load a workflow folder.
    case workflowsRefused(directory: String)
}

extension CommandMessage: CustomStringConvertible {
    /// The English text.
    public var description: String { text(.english) }

    /// The message in `language`.
    public func text(_ language: Language) -> String {
        let l = language
        switch self {
        case .errorCount(let count):
            return l.pick("\(count) error(s); nothing loaded", "共 \(count) 个错误，未加载任何定义")
        case .warningsRefused(let count):
            return l.pick("\(count) warning(s) refused by --strict", "--strict 模式下 \(count) 个警告按错误处理，校验未通过")
        case .workflowValid(let id, let version, let file, let stages, let matter, let calendar):
            return l.pick("ok \(id) v\(version) (\(file)): \(stages.count) stages [\(stages.joined(separator: " → "))], matter \(matter), "
                          + (calendar.map { "calendar \($0)" } ?? "every hour counts"),
                          "通过 \(id) 第 \(version) 版（\(file)）：\(stages.count) 个环节 [\(stages.joined(separator: " → "))]，事项 \(matter)，"
                          + (calendar.map { "日历 \($0)" } ?? "不设日历，每个小时都计时"))
        case .allValid(let workflows, let calendars, let warnings):
            return l.pick("\(workflows) workflow(s), \(calendars) calendar(s) valid" + (warnings == 0 ? "" : ", \(warnings) warning(s)"),
                          "\(workflows) 个流程、\(calendars) 个日历校验通过" + (warnings == 0 ? "" : "，有 \(warnings) 个警告"))
        case .noSuchPath(let path):
            return l.pick("error: no such file or directory: \(path)", "错误：找不到文件或目录 \(path)")
        case .cannotReadDefinitions(let reason):
            return l.pick("error: \(reason)", "错误：无法读取定义文件（\(reason)）")
        case .invalidToday(let text):
            return l.pick("--today \(text) is not YYYY-MM-DD", "--today \(text) 不是 YYYY-MM-DD 形式的日期")
        case .cannotReadEvents(let path):
            return l.pick("cannot read \(path)", "无法读取事件文件 \(path)")
        case .invalidUntil(let text):
            return l.pick("--until \(text) is neither an RFC 3339 instant nor a date YYYY-MM-DD", "--until \(text) 既不是 RFC 3339 时刻，也不是 YYYY-MM-DD 日期")
        case .workflowsRefused(let directory):
            return l.pick("liaison: the workflows in \(directory) were refused; nothing was loaded", "liaison：\(directory) 中的流程定义未通过校验，未加载任何内容")
        }
    }
}
