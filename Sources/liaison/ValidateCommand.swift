import ArgumentParser
import LiaisonCore
import LiaisonRuntime

/// `liaison validate`: checks workflow files the way the daemon loads them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow definitions and their calendars.",
        discussion: "Prints one line per workflow when all are valid; otherwise every problem as file:line:col: error: … on stderr and exits 1."
    )

    @Argument(help: "Workflow files or directories (calendars are read from <dir>/calendars/).")
    var paths: [String] = ["Workflows"]

    func run() throws {
        let catalog: WorkflowCatalog
        do {
            catalog = try WorkflowFiles.catalog(paths)
        } catch let errors as DefinitionErrors {
            for diagnostic in errors.diagnostics { printError(diagnostic.description) }
            printError("\(errors.diagnostics.count) error(s); nothing loaded")
            throw ExitCode(1)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        for workflow in catalog.workflows {
            let calendar = workflow.calendar == .alwaysOpen ? "every hour counts" : "calendar \(workflow.calendar.id)"
            print("ok \(workflow.id) v\(workflow.version) (\(workflow.file)): \(workflow.stages.count) stages [\(workflow.stages.map(\.id).joined(separator: " → "))], matter \(workflow.matter), \(calendar)")
        }
        print("\(catalog.workflows.count) workflow(s), \(catalog.calendars.count) calendar(s) valid")
    }
}
