import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonRuntime

/// `liaison simulate`: replays a JSON-lines event file through the workflows on a virtual clock.
struct SimulateCommand: ParsableCommand {
    /// How the timeline is printed.
    enum Format: String, ExpressibleByArgument {
        case text, json
    }

    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay events through the workflows and print the timeline of assignments, reminders and escalations.",
        discussion: """
            Ends with a summary per unit, workflow and stage in working hours. --compare replays the same events \
            through a second workflow folder and prints what changes. With --format json the keys and the event \
            kinds stay English; the local times and details follow the language.

            """ + LanguageOptions.rule
    )

    @Option(help: "Directory of workflow files (calendars in <dir>/calendars/).")
    var workflows: String = "Workflows"

    @Option(help: "JSON-lines file of CloudEvents in structured mode.")
    var events: String

    @Option(help: "Stop at this RFC 3339 instant, or at the start of this YYYY-MM-DD day in the workflows' calendar (default: until no timer is left).")
    var until: String?

    @Option(help: "A second workflow directory: replay the same events through it and print the differences.")
    var compare: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var languageOptions: LanguageOptions

    func run() throws {
        let language = languageOptions.language
        guard let data = FileManager.default.contents(atPath: events) else { throw CLIError(CommandMessage.cannotReadEvents(events).text(language)) }
        let simulation = try replay(data, through: workflows, language)
        switch format {
        case .text: printText(simulation, language)
        case .json: printJSON(simulation, language)
        }
        if let compare {
            let other = try replay(data, through: compare, language)
            let differences = simulation.report.differenceMessages(to: other.report)
            print("")
            print(SimulationMessage.comparedWith(directory: compare).text(language))
            for line in differences.isEmpty ? [.noDifference] : differences { print("  " + line.text(language)) }
        }
    }

    /// The workflows in `directory`, or every problem printed compiler-style and exit 1.
    private func load(_ directory: String, _ language: Language) throws -> WorkflowCatalog {
        do {
            return try WorkflowFiles.catalog([directory])
        } catch let errors as DefinitionErrors {
            printError(errors.description(in: language))
            printError(CommandMessage.workflowsRefused(directory: directory).text(language))
            throw ExitCode(1)
        } catch {
            printError(CommandMessage.cannotReadDefinitions("\(error)").text(language))
            throw ExitCode(1)
        }
    }

    /// The events of `data` replayed through the workflows in `directory`.
    private func replay(_ data: Data, through directory: String, _ language: Language) throws -> Simulation {
        let catalog = try load(directory, language)
        var simulation = Simulation(engine: Engine(catalog: catalog))
        var limit: Timestamp?
        if let until {
            guard let parsed = Timestamp(rfc3339: until) ?? simulation.displayCalendar.startOfDay(iso: until) else {
                throw ValidationError(CommandMessage.invalidUntil(until).text(language))
            }
            limit = parsed
        }
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                let event = try CloudEvent.decode(structured: Array(line))
                if let limit, let time = event.time, time > limit { break }
                simulation.feed(event)
            } catch {
                simulation.noteMalformed(line: lineNumber, error: error)
            }
        }
        if let limit { simulation.advance(to: limit) } else { simulation.runUntilIdle() }
        return simulation
    }

    private func printText(_ simulation: Simulation, _ language: Language) {
        let caseWidth = simulation.timeline.map(\.caseID.terminalWidth).max() ?? 1
        let unitWidth = max(4, simulation.timeline.map { ($0.unit ?? "").terminalWidth }.max() ?? 0)
        let kindWidth = TimelineEntry.Kind.allCases.map { SimulationMessage.kind($0).text(language).terminalWidth }.max() ?? 10
        for entry in simulation.timeline {
            let kind = SimulationMessage.kind(entry.kind).text(language).padded(to: kindWidth)
            print("\(entry.localTime.text(language))  \(entry.caseID.padded(to: caseWidth))  \((entry.unit ?? "").padded(to: unitWidth))  \(kind) \(entry.message.text(language))")
        }
        print("")
        for warning in simulation.coverageWarningMessages { print(warning.text(language)) }
        for line in simulation.report.lines(language) { print(line) }
    }

    private func printJSON(_ simulation: Simulation, _ language: Language) {
        for entry in simulation.timeline { print(entry.json(language).serializedString) }
        for warning in simulation.coverageWarningMessages { print(JSONValue.object([("warning", .string(warning.text(language)))]).serializedString) }
        print(JSONValue.object([("summary", .array(simulation.summary.map(\.json))), ("report", simulation.report.json)]).serializedString)
    }
}
