import ArgumentParser
import Foundation
import LiaisonCore

/// `--lang en|zh`: the language `validate` and `simulate` speak to a process designer.
struct LanguageOptions: ParsableArguments {
    /// The values `--lang` takes.
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case en, zh
    }

    /// The rule, for the verbs' help (`--help`).
    static let rule = """
        Messages are in English, or in Chinese with --lang zh. Without --lang, the locale decides: \
        Chinese when LC_ALL, else LC_MESSAGES, else LANG (the first one set and not empty) starts with zh, \
        English otherwise. Keys, unit ids, event types and reason codes stay as written. \
        中文：加 --lang zh，或 LC_ALL / LC_MESSAGES / LANG（取第一个非空者）以 zh 开头时，以中文输出。
        """

    @Option(name: .customLong("lang"), help: "Language of the messages: en or zh (default: from LC_ALL, LC_MESSAGES or LANG; see above).")
    var lang: Choice?

    /// The language chosen by the flag, else by the environment.
    var language: Language {
        Language.choose(flag: lang.map { $0 == .zh ? .chinese : .english }, environment: ProcessInfo.processInfo.environment)
    }
}
