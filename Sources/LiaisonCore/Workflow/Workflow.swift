/// One version of a workflow definition, checked and ready for the engine.
public struct Workflow: Hashable, Sendable {
    /// The workflow id (also the default `matter`).
    public var id: String
    /// The version; running cases keep theirs, new cases take the highest.
    public var version: Int
    /// A title for humans.
    public var title: String
    /// The `matter` of `gov.case.opened` that starts this workflow.
    public var matter: String
    /// The calendar deadlines are measured in (`alwaysOpen` when the file names none).
    public var calendar: BusinessCalendar
    /// Who leads cases of this workflow.
    public var lead: LeadRule
    /// The units whose `gov.case.opened` may open a case (`start.by`; default: the lead the
    /// file names). An opening from anyone else is refused and leaves the case id free.
    public var openers: [String]
    /// Default target of escalations, nil when the file names none.
    public var supervisor: String?
    /// The stages; the first is where a case starts.
    public var stages: [Stage]
    /// The file the definition came from.
    public var file: String

    /// The stage with id `id`.
    public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }

    /// The index of the stage with id `id`.
    public func stageIndex(_ id: String) -> Int? { stages.firstIndex { $0.id == id } }
}

/// How the lead unit of a case is chosen.
public enum LeadRule: Hashable, Sendable {
    /// Always this unit.
    case unit(String)
    /// The `gov.case.opened` data field (e.g. `data.lead`), else the default unit.
    case fromData(field: String, default: String?)
}

/// An outcome a unit reports when it completes a task.
public enum TaskOutcome: String, Hashable, Sendable, CaseIterable {
    /// The unit approves.
    case approved
    /// The unit rejects.
    case rejected
    /// The unit did its part; counts as approval for routing.
    case done
}

/// How a stage ends for routing: approved or rejected.
public enum StageOutcome: String, Hashable, Sendable {
    /// The quorum was met.
    case approved
    /// The quorum can no longer be met.
    case rejected
}
