import Testing
import LiaisonCore

/// Workflows, calendars and the configuration are read by one YAML reader: a syntax error is
/// located at the mistake with advice in each, and a problem of the whole file has line 0.
@Suite("One YAML reader for every file Liaison reads")
struct YAMLDocumentTests {
    static let unclosed = "id: x\nworkweek: [mon, tue\nhours: []\n"

    @Test func aSyntaxErrorIsLocatedAtItsOpeningWithAdviceInEveryKindOfFile() throws {
        let workflow = try #require(catchingDiagnostics { _ = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: Self.unclosed)], calendars: []) })
        let calendar = try #require(catchingDiagnostics { _ = try WorkflowCatalog.load(workflows: [], calendars: [SourceFile(path: "c.yaml", text: Self.unclosed)]) })
        for diagnostic in [workflow, calendar] {
            #expect(diagnostic.line == 2 && diagnostic.column == 11, "\(diagnostic)")
            #expect(diagnostic.description.contains("["), "\(diagnostic)")
        }
    }

    @Test func anEmptyWorkflowFileConcernsTheWholeFile() throws {
        let diagnostic = try #require(catchingDiagnostics { _ = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: "")], calendars: []) })
        #expect(diagnostic.line == 0 && diagnostic.column == 0, "\(diagnostic)")
    }

    func catchingDiagnostics(_ body: () throws -> Void) -> Diagnostic? {
        do {
            try body()
            return nil
        } catch let errors as DefinitionErrors {
            return errors.diagnostics.first
        } catch {
            return nil
        }
    }
}
