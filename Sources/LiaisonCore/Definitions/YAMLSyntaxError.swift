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
    let message: String

    init(_ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let (advice, atOpening) = Self.advice(problem: problem, context: context?.text ?? "")
            let place = atOpening ? (context?.mark ?? mark) : mark
            line = place.line
            column = place.column
            message = advice.map { "\($0) (YAML: \(problem))" } ?? "not valid YAML: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            line = context.mark.line
            column = context.mark.column
            message = "\(duplicates.map { "'\($0)'" }.joined(separator: ", ")) given more than once in the mapping that starts here"
        default:
            line = 1
            column = 1
            message = "not valid YAML: \(error)"
        }
    }

    /// Designer words for a libyaml problem, and whether the mistake is where the construct
    /// being read opened (an unclosed bracket or quote) rather than where libyaml stopped.
    private static func advice(problem: String, context: String) -> (String?, Bool) {
        switch problem {
        case "mapping values are not allowed in this context":
            return ("a ':' YAML did not expect here: this line is probably indented more than the keys beside it, or a value holding ': ' needs quotes", false)
        case "did not find expected key":
            return ("this line is not indented like the keys of its block: line keys up under each other (spaces, not tabs), and start a list item with '- '", false)
        case "did not find expected '-' indicator":
            return ("a list item without '-': every item of a list starts with '- ' at the same indentation", false)
        case "found character that cannot start any token":
            return ("a character YAML cannot start with here, most often a tab: indent with spaces only, and quote text starting with @ or `", false)
        case "did not find expected ',' or ']'":
            return ("a list opened with '[' here is not closed with ']' (or two of its items lack a ',' between them)", true)
        case "did not find expected ',' or '}'":
            return ("a mapping opened with '{' here is not closed with '}' (or two of its entries lack a ',' between them)", true)
        case "found unexpected end of stream" where context.contains("quoted scalar"):
            return ("a quote opened here is never closed", true)
        case "could not find expected ':'":
            return ("a key without ':': write 'key: value'", true)
        case "block sequence entries are not allowed in this context":
            return ("a '- ' list item where a value was expected: put the list on its own lines, indented under its key", false)
        default:
            return (nil, false)
        }
    }
}
