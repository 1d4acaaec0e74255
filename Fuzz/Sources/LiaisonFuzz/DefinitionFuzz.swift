import LiaisonCore
import LiaisonRuntime

/// The files operators write by hand, input as YAML text: workflows, calendars, the unit
/// registry and the configuration. A wrong one must be refused with located diagnostics, never
/// crash or hang the daemon at start or at `liaison validate`.
enum DefinitionFuzz {
    /// The input as one workflow file beside a small calendar, without a unit registry; an
    /// accepted file is exactly one workflow.
    static func runWorkflow(_ bytes: [UInt8]) {
        let file = SourceFile(path: "fuzz.yaml", text: String(decoding: bytes, as: UTF8.self))
        let calendar = SourceFile(path: "calendars/cn-workdays.yaml", text: calendarText)
        guard let catalog = try? WorkflowCatalog.load(workflows: [file], calendars: [calendar], units: nil) else { return }
        fuzzCheck(catalog.workflows.count == 1, "one file loaded as \(catalog.workflows.count) workflows")
    }

    /// A calendar named as the shipped workflows name theirs, so that fuzzed workflows get past
    /// the calendar check into stages and deadlines. UTC keeps each load cheap.
    static let calendarText = """
    id: cn-workdays
    timezone: UTC
    workweek: [mon, tue, wed, thu, fri]
    hours: ["09:00-12:00", "13:30-17:30"]
    """

    /// The input as a calendar file; an accepted calendar must also compute deadlines that
    /// lie after their start.
    static func runCalendar(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let calendar = try? BusinessCalendar.parse(yaml: text, file: "fuzz.yaml") else { return }
        let start = Timestamp(milliseconds: 1_790_000_000_000)
        for span in [DeadlineSpan.workhours(4), .workdays(3)] {
            let due = calendar.deadline(from: start, span: span)
            fuzzCheck(due > start, "a \(span) deadline from \(start) falls at \(due)")
        }
        _ = calendar.localDescription(of: start)
    }

    /// The input as `units.yaml`; every accepted id must be one the registry then knows.
    static func runUnits(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let registry = try? UnitRegistry.parse(yaml: text, file: "units.yaml") else { return }
        for unit in registry.units {
            fuzzCheck(registry.contains(unit.id), "unit \(unit.id) was read but is not known")
        }
    }

    /// The input as `liaison.yaml`, no environment; an accepted configuration must also answer the derived limits the
    /// daemon reads at start.
    static func runConfiguration(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let configuration = try? LiaisonConfiguration.load(yaml: text, file: "liaison.yaml") else { return }
        fuzzCheck(configuration.acceptedEventBytes > 0, "accepts events of at most \(configuration.acceptedEventBytes) bytes")
        _ = configuration.processing.engineSettings
    }
}
