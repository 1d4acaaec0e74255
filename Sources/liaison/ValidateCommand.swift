import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonRuntime

/// `liaison validate`: checks workflow files the way the daemon loads them.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow definitions and their calendars.",
        discussion: """
            Prints one line per workflow when all are valid; every problem as file:line:col: error: … on stderr \
            (exit 1, nothing loaded), likely mistakes as warning: … and calendars whose covered years are ending \
            as notice: …. With --strict warnings count as errors (CI runs it); notices never do.
            """
    )

    @Argument(help: "Workflow files or directories (calendars are read from <dir>/calendars/).")
    var paths: [String] = ["Workflows"]

    @Flag(help: "Treat warnings as errors (notices about calendar coverage stay notices).")
    var strict = false

    @Option(help: "The date coverage notices are judged from, YYYY-MM-DD (default: today).")
    var today: String?

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
        var now = Timestamp.now()
        if let today {
            guard let parsed = Timestamp(rfc3339: today + "T00:00:00Z") else { throw ValidationError("--today \(today) is not YYYY-MM-DD") }
            now = parsed
        }
        var warnings = catalog.warnings
        if strict { warnings = warnings.map { var error = $0; error.severity = .error; return error } }
        for finding in warnings + catalog.coverageNotices(today: now) { printError(finding.description) }
        if strict, !warnings.isEmpty {
            printError("\(warnings.count) warning(s) refused by --strict")
            throw ExitCode(1)
        }
        for workflow in catalog.workflows {
            let calendar = workflow.calendar == .alwaysOpen ? "every hour counts" : "calendar \(workflow.calendar.id)"
            print("ok \(workflow.id) v\(workflow.version) (\(workflow.file)): \(workflow.stages.count) stages [\(workflow.stages.map(\.id).joined(separator: " → "))], matter \(workflow.matter), \(calendar)")
        }
        let warned = warnings.isEmpty ? "" : ", \(warnings.count) warning(s)"
        print("\(catalog.workflows.count) workflow(s), \(catalog.calendars.count) calendar(s) valid\(warned)")
    }
}
