/// A definition file's name and content; the caller reads files, LiaisonCore does no IO.
public struct SourceFile: Hashable, Sendable {
    /// The path as the user should see it in diagnostics.
    public var path: String
    /// The file's text.
    public var text: String

    /// Creates a source file.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}
