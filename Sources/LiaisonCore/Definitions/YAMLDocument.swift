import Yams

/// The one way Liaison reads a YAML file — workflows, calendars, the unit registry and the
/// daemon's configuration — so that they agree on what a syntax error says and where a problem
/// without a node points.
public enum YAMLDocument {
    /// The root node of `text`: nil for an empty document, or the one diagnostic a syntax error
    /// gives, located at the mistake with the designer's advice (an unclosed bracket points at
    /// where it opened).
    public static func root(of text: String, file: String) -> Result<Node?, Diagnostic> {
        do {
            return .success(try Yams.compose(yaml: text))
        } catch let error as YamlError {
            return .failure(YAMLSyntaxError(error).diagnostic(file: file))
        } catch {
            return .failure(Diagnostic.at(nil, file: file, .notYAML(detail: "\(error)")))
        }
    }
}

extension Diagnostic {
    /// A problem at `mark`; without one it concerns the whole file (line and column 0).
    public static func at(_ mark: Mark?, file: String, _ message: DefinitionMessage, severity: Severity = .error) -> Diagnostic {
        Diagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message, severity: severity)
    }

    /// A problem, in words outside the message catalogue, at `mark` or concerning the whole file.
    public static func at(_ mark: Mark?, file: String, message: String) -> Diagnostic {
        Diagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message)
    }
}
