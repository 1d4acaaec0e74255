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
        discussion: "Ends with a summary per unit, workflow and stage in working hours. --compare replays the same events through a second workflow folder and prints what changes."
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

    func run() throws {
        guard let data = FileManager.default.contents(atPath: events) else { throw CLIError("cannot read \(events)") }
        let simulation = try replay(data, through: workflows)
        switch format {
        case .text: printText(simulation)
        case .json: printJSON(simulation)
        }
        if let compare {
            let other = try replay(data, through: compare)
            let differences = simulation.report.differences(to: other.report)
            print("")
            print("compared with \(compare):")
            for line in differences.isEmpty ? ["no difference"] : differences { print("  " + line) }
        }
    }

    /// The events of `data` replayed through the workflows in `directory`.
    private func replay(_ data: Data, through directory: String) throws -> Simulation {
        let catalog = try WorkflowFiles.loadOrExplain(directory)
        var simulation = Simulation(engine: Engine(catalog: catalog))
        var limit: Timestamp?
        if let until {
            guard let parsed = Timestamp(rfc3339: until) ?? simulation.displayCalendar.startOfDay(iso: until) else {
                throw ValidationError("--until \(until) is neither an RFC 3339 instant nor a date YYYY-MM-DD")
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

    private func printText(_ simulation: Simulation) {
        let caseWidth = simulation.timeline.map(\.caseID.count).max() ?? 1
        let unitWidth = max(4, simulation.timeline.map { ($0.unit ?? "").count }.max() ?? 0)
        for entry in simulation.timeline {
            let kind = entry.kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            print("\(entry.local)  \(padRight(entry.caseID, caseWidth))  \(padRight(entry.unit ?? "", unitWidth))  \(kind) \(entry.detail)")
        }
        print("")
        for warning in simulation.coverageWarnings { print(warning) }
        for line in simulation.report.lines { print(line) }
    }

    private func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func printJSON(_ simulation: Simulation) {
        for entry in simulation.timeline { print(entry.json.serializedString) }
        for warning in simulation.coverageWarnings { print(JSONValue.object([("warning", .string(warning))]).serializedString) }
        print(JSONValue.object([("summary", .array(simulation.summary.map(\.json))), ("report", simulation.report.json)]).serializedString)
    }
}
