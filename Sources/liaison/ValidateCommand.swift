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

            """ + LanguageOptions.rule
    )

    @Argument(help: "Workflow files or directories (calendars are read from <dir>/calendars/).")
    var paths: [String] = ["Workflows"]

    @Flag(help: "Treat warnings as errors (notices about calendar coverage stay notices).")
    var strict = false

    @Option(help: "The date coverage notices are judged from, YYYY-MM-DD (default: today).")
    var today: String?

    @OptionGroup var languageOptions: LanguageOptions

    func run() throws {
        let language = languageOptions.language
        let catalog: WorkflowCatalog
        do {
            if let missing = paths.first(where: { !FileManager.default.fileExists(atPath: $0) }) {
                printError(CommandMessage.noSuchPath(missing).text(language))
                throw ExitCode(1)
            }
            catalog = try WorkflowFiles.catalog(paths)
        } catch let errors as DefinitionErrors {
            printError(errors.description(in: language))
            printError(CommandMessage.errorCount(errors.diagnostics.count).text(language))
            throw ExitCode(1)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            printError(CommandMessage.cannotReadDefinitions("\(error)").text(language))
            throw ExitCode(1)
        }
        var now = Timestamp.now()
        if let today {
            guard let parsed = Timestamp(rfc3339: today + "T00:00:00Z") else {
                throw ValidationError(CommandMessage.invalidToday(today).text(language))
            }
            now = parsed
        }
        var warnings = catalog.warnings
        if strict { warnings = warnings.map { var error = $0; error.severity = .error; return error } }
        for finding in warnings + catalog.coverageNotices(today: now) { printError(finding.description(in: language)) }
        if strict, !warnings.isEmpty {
            printError(CommandMessage.warningsRefused(warnings.count).text(language))
            throw ExitCode(1)
        }
        for workflow in catalog.workflows {
            print(CommandMessage.workflowValid(id: workflow.id, version: workflow.version, file: workflow.file, stages: workflow.stages.map(\.id),
                                               matter: workflow.matter,
                                               calendar: workflow.calendar == .alwaysOpen ? nil : workflow.calendar.id).text(language))
        }
        print(CommandMessage.allValid(workflows: catalog.workflows.count, calendars: catalog.calendars.count, warnings: warnings.count).text(language))
    }
}
