import Yams

/// A YAML syntax error told in a process designer's words, at the line where the mistake is.
///
/// libyaml reports where it gave up, which for an unclosed bracket or quote is the line after
/// the mistake, in parser words ("did not find expected key"). Designers make a handful of
/// mistakes (indentation, a missing `-`, a tab, an unclosed bracket or quote): each is named,
/// with what to do, and placed where it was made; libyaml's own words follow in parentheses.
struct YAMLSyntaxError {
    /// 1-based line of the mistake.
    let line: Int
    /// 1-based column of the mistake.
    let column: Int
    /// What is wrong and what to do.
    let message: DefinitionMessage

    init(_ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let (mistake, atOpening) = Self.mistake(problem: problem, context: context?.text ?? "")
            let place = atOpening ? (context?.mark ?? mark) : mark
            line = place.line
            column = place.column
            message = mistake.map { .syntax($0, libyaml: problem) } ?? .notYAML(detail: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            line = context.mark.line
            column = context.mark.column
            message = .duplicatedKeys(duplicates.map { "\($0)" })
        default:
            line = 1
            column = 1
            message = .notYAML(detail: "\(error)")
        }
    }

    /// The designer's mistake behind a libyaml problem, and whether it is where the construct
    /// being read opened (an unclosed bracket or quote) rather than where libyaml stopped.
    private static func mistake(problem: String, context: String) -> (DefinitionMessage.YAMLMistake?, Bool) {
        switch problem {
        case "mapping values are not allowed in this context": return (.unexpectedColon, false)
        case "did not find expected key": return (.misindentedKey, false)
        case "did not find expected '-' indicator": return (.missingDash, false)
        case "found character that cannot start any token", "found a tab character that violates indentation": return (.tab, false)
        case "did not find expected ',' or ']'": return (.unclosedBracket, true)
        case "did not find expected ',' or '}'": return (.unclosedBrace, true)
        case "found unexpected end of stream" where context.contains("quoted scalar"): return (.unclosedQuote, true)
        case "could not find expected ':'": return (.missingColon, true)
        case "block sequence entries are not allowed in this context": return (.misplacedListItem, false)
        default: return (nil, false)
        }
    }

    /// The diagnostic for `file`.
    func diagnostic(file: String) -> Diagnostic {
        Diagnostic(file: file, line: line, column: column, message)
    }
}
