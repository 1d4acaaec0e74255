/// One problem found in a definition file, located for a human to fix.
///
/// Printed compiler-style (`file:line:col: error: message`) so editors and CI logs link to it.
public struct Diagnostic: Hashable, Sendable, Error, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Hashable, Sendable {
        /// The definitions are refused; nothing is loaded.
        case error
        /// Loads, but is most likely a mistake; `validate --strict` refuses it.
        case warning
        /// Loads, and is right today, but needs attention soon (a calendar's covered years
        /// ending); even `--strict` only prints it, so that CI does not break on a date.
        case notice
    }

    /// The file as the user named it.
    public var file: String
    /// 1-based line, 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based column, 0 when unknown.
    public var column: Int
    /// What is wrong, in English words a process designer understands.
    public var message: String
    /// What is wrong as a catalogue message, which `description(in:)` renders in the reader's
    /// language; nil for a diagnostic made from free text (the daemon's configuration reader).
    public let problem: DefinitionMessage?
    /// Error, warning or notice.
    public var severity: Severity

    /// Creates a diagnostic from free English text.
    public init(file: String, line: Int, column: Int, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.problem = nil
        self.severity = severity
    }

    /// Creates a diagnostic from a catalogue message.
    public init(file: String, line: Int, column: Int, _ problem: DefinitionMessage, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.message = problem.text(.english)
        self.problem = problem
        self.severity = severity
    }

    public var description: String { description(in: .english) }

    /// `file:line:col: severity: message` in `language` (`file:line:col: 错误：…` in Chinese,
    /// as GCC prints it in a Chinese locale).
    public func description(in language: Language) -> String {
        let severity = DefinitionMessage.severity(severity).text(language)
        let text = problem?.text(language) ?? message
        return language.pick("\(file):\(line):\(column): \(severity): \(text)", "\(file):\(line):\(column): \(severity)：\(text)")
    }
}

/// Every problem found while loading a set of definitions; nothing of it was loaded.
public struct DefinitionErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, in file then line order.
    public var diagnostics: [Diagnostic]

    /// Creates the error from its problems, sorting them for stable output.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted {
            ($0.file, $0.line, $0.column, $0.message) < ($1.file, $1.line, $1.column, $1.message)
        }
    }

    public var description: String { description(in: .english) }

    /// Every problem, one line each, in `language`.
    public func description(in language: Language) -> String {
        diagnostics.map { $0.description(in: language) }.joined(separator: "\n")
    }
}
