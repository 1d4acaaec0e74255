/// Every loaded workflow version and calendar; what the engine consults.
///
/// Built all-or-nothing by `load`: one wrong file refuses the whole set, so a daemon never
/// runs half a definition.
public struct WorkflowCatalog: Sendable {
    /// All workflow versions, sorted by id then version.
    public let workflows: [Workflow]
    /// Calendars by id.
    public let calendars: [String: BusinessCalendar]
    /// The unit registry (`units.yaml`); nil when the definitions came without one, and then
    /// any well-formed unit id is accepted.
    public let units: UnitRegistry?
    /// Likely mistakes found while loading (`validate` prints them; `--strict` refuses them).
    public private(set) var warnings: [Diagnostic] = []
    /// Where each calendar's `covers:` (or its file) is, for notices about coverage ending.
    var calendarLocations: [String: CalendarLocation] = [:]
    private let byKey: [String: Workflow]
    private let newest: [String: Workflow]

    /// Loads workflows, calendars and the unit registry, reporting every problem of every file
    /// at once. With a registry, every unit a workflow names must be registered.
    public static func load(workflows: [SourceFile], calendars: [SourceFile], units: SourceFile? = nil) throws(DefinitionErrors) -> WorkflowCatalog {
        var diagnostics: [Diagnostic] = []
        var registry: UnitRegistry?
        if let units {
            do {
                registry = try UnitRegistry.parse(yaml: units.text, file: units.path)
            } catch {
                diagnostics.append(contentsOf: error.diagnostics)
            }
        }
        var calendarsByID: [String: BusinessCalendar] = [:]
        var warnings: [Diagnostic] = []
        var locations: [String: CalendarLocation] = [:]
        for file in calendars.sorted(by: { $0.path < $1.path }) {
            var reader = CalendarFileReader(file: file.path)
            guard let calendar = reader.read(file.text), reader.diagnostics.isEmpty else {
                diagnostics.append(contentsOf: reader.diagnostics)
                continue
            }
            if calendarsByID[calendar.id] != nil {
                diagnostics.append(Diagnostic(file: file.path, line: 1, column: 1, .calendarDefinedTwice(calendar.id)))
            }
            calendarsByID[calendar.id] = calendar
            warnings += reader.warnings
            locations[calendar.id] = CalendarLocation(file: file.path, line: reader.coversMark?.line ?? 1, column: reader.coversMark?.column ?? 1)
        }
        var loaded: [Workflow] = []
        var seen: [String: String] = [:]
        for file in workflows.sorted(by: { $0.path < $1.path }) {
            var parser = WorkflowParser(file: file.path, calendars: calendarsByID, units: registry)
            guard let (workflow, idNode) = parser.parse(file.text) else {
                diagnostics.append(contentsOf: parser.reader.diagnostics)
                continue
            }
            warnings += parser.reader.warnings
            let key = "\(workflow.id)@\(workflow.version)"
            if let other = seen[key] {
                let mark = idNode?.mark
                diagnostics.append(Diagnostic(file: file.path, line: mark?.line ?? 1, column: mark?.column ?? 1,
                                              .workflowVersionDefinedTwice(id: workflow.id, version: workflow.version, otherFile: other)))
                continue
            }
            seen[key] = file.path
            loaded.append(workflow)
        }
        var matters: [String: String] = [:]
        for workflow in loaded {
            if let other = matters[workflow.matter], other != workflow.id {
                diagnostics.append(Diagnostic(file: workflow.file, line: 1, column: 1, .matterTaken(workflow.matter, byWorkflow: other)))
            }
            matters[workflow.matter] = workflow.id
        }
        guard diagnostics.isEmpty else { throw DefinitionErrors(diagnostics) }
        var catalog = WorkflowCatalog(workflows: loaded, calendars: calendarsByID, units: registry)
        catalog.warnings = DefinitionErrors(warnings).diagnostics
        catalog.calendarLocations = locations
        return catalog
    }

    /// A catalog of already-built workflows (tests, tools).
    public init(workflows: [Workflow], calendars: [String: BusinessCalendar] = [:], units: UnitRegistry? = nil) {
        self.workflows = workflows.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
        self.calendars = calendars
        self.units = units
        var byKey: [String: Workflow] = [:]
        var newest: [String: Workflow] = [:]
        for workflow in self.workflows {
            byKey["\(workflow.id)@\(workflow.version)"] = workflow
            newest[workflow.matter] = workflow
        }
        self.byKey = byKey
        self.newest = newest
    }

    /// The highest version of the workflow a `gov.case.opened` with this `matter` starts.
    public func workflow(matter: String) -> Workflow? { newest[matter] }

    /// True when `unit` may be named at run time: registered, or well-formed without a registry.
    public func isKnownUnit(_ unit: String) -> Bool {
        units?.contains(unit) ?? UnitID.isValid(unit)
    }

    /// The exact version a running case follows.
    public func workflow(id: String, version: Int) -> Workflow? { byKey["\(id)@\(version)"] }
}
