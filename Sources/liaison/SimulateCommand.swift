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
        abstract: "Replay events through the workflows and print the timeline of assignments, reminders and escalations."
    )

    @Option(help: "Directory of workflow files (calendars in <dir>/calendars/).")
    var workflows: String = "Workflows"

    @Option(help: "JSON-lines file of CloudEvents in structured mode.")
    var events: String

    @Option(help: "Stop firing timers at this RFC 3339 instant (default: until no timer is left).")
    var until: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let catalog: WorkflowCatalog
        do {
            catalog = try WorkflowFiles.catalog([workflows])
        } catch let errors as DefinitionErrors {
            for diagnostic in errors.diagnostics { printError(diagnostic.description) }
            throw ExitCode(1)
        }
        var limit: Timestamp?
        if let until {
            guard let parsed = Timestamp(rfc3339: until) else { throw ValidationError("--until \(until) is not RFC 3339") }
            limit = parsed
        }
        guard let data = FileManager.default.contents(atPath: events) else { throw CLIError("cannot read \(events)") }
        var simulation = Simulation(engine: Engine(catalog: catalog))
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
        switch format {
        case .text: printText(simulation)
        case .json: printJSON(simulation)
        }
    }

    private func printText(_ simulation: Simulation) {
        let caseWidth = simulation.timeline.map(\.caseID.count).max() ?? 1
        let unitWidth = max(4, simulation.timeline.map { ($0.unit ?? "").count }.max() ?? 0)
        for entry in simulation.timeline {
            let kind = entry.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            print("\(entry.local)  \(padRight(entry.caseID, caseWidth))  \(padRight(entry.unit ?? "", unitWidth))  \(kind) \(entry.detail)")
        }
        print("")
        for warning in simulation.coverageWarnings { print(warning) }
        let summaryWidth = max(4, simulation.summary.map(\.unit.count).max() ?? 0)
        print(padRight("unit", summaryWidth) + "  tasks  on-time  late  reminders  escalations  declines")
        for row in simulation.summary {
            print(padRight(row.unit, summaryWidth) + pad(row.tasks, 7) + pad(row.onTime, 9) + pad(row.late, 6)
                  + pad(row.reminders, 11) + pad(row.escalations, 13) + pad(row.declines, 10))
        }
    }

    private func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(1, width - text.count)) + text
    }

    private func printJSON(_ simulation: Simulation) {
        for entry in simulation.timeline { print(entry.json.serializedString) }
        print(JSONValue.object([("summary", .array(simulation.summary.map(\.json)))]).serializedString)
    }
}
