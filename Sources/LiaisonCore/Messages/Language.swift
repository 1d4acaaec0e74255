/// The language `liaison validate` and `liaison simulate` speak to a process designer.
///
/// Every sentence those commands print comes from the message catalogue in this folder
/// (`DefinitionMessage`, `SimulationMessage`, `CommandMessage`, `ReportColumn`), each with an
/// English and a Chinese text. Field names, YAML keys, unit ids, event types and reason codes
/// are a contract and stay as written in both.
public enum Language: String, Hashable, Sendable, CaseIterable {
    /// English, the default.
    case english = "en"
    /// Simplified Chinese, for the designers in the government's digital office.
    case chinese = "zh"

    /// The language a command speaks: `flag` (`--lang en|zh`) when given; else Chinese when the
    /// locale that governs messages starts with `zh` — `LC_ALL`, else `LC_MESSAGES`, else
    /// `LANG`, the first one set and not empty (the POSIX order); else English.
    ///
    /// Pure: the command line reads its environment and passes it in.
    public static func choose(flag: Language?, environment: [String: String]) -> Language {
        if let flag { return flag }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().hasPrefix("zh") ? .chinese : .english
    }

    /// `english` or `chinese`, whichever this language is.
    func pick(_ english: String, _ chinese: String) -> String {
        self == .english ? english : chinese
    }
}
