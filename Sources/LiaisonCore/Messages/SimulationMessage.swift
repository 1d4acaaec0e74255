/// Everything `liaison simulate` says: the timeline's lines, the coverage warnings, the summary
/// header and the `--compare` differences, each a typed id with its values.
///
/// The English and Chinese texts sit side by side in `SimulationMessage+Text.swift`; the
/// summary's column names are `ReportColumn`.
public enum SimulationMessage: Hashable, Sendable {
    // The timeline.
    /// An event (`type id`) refused with its reason code and the engine's reason.
    case refused(event: String?, code: String, reason: String)
    /// An event (`type id`) seen before from the same sender.
    case duplicate(event: String)
    /// An event (`type id`) waiting in the inbox for its case.
    case waiting(event: String)
    /// A unit's cooperation rated (the rater is not shown).
    case rated(score: Int)
    /// A case opened.
    case opened(workflow: String, version: Int, lead: String)
    /// A case entered a stage.
    case stageEntered(stage: String, mode: String, completeWhen: String)
    /// A task assigned, with its deadlines.
    case assigned(stage: String, role: String, acceptBy: LocalTime?, completeBy: LocalTime?, calendarUncovered: Bool)
    /// A task cancelled.
    case cancelled(Cancellation)
    /// A task declined; the lead must reassign it.
    case declined(lead: String, reassignBy: LocalTime?)
    /// A reminder, with the time left.
    case reminded(deadline: String, percent: Int, due: LocalTime?, leftMilliseconds: Int64, workingTime: Bool)
    /// An escalation.
    case escalated(deadline: String, percent: Int, level: Int, to: String, overdueMilliseconds: Int64)
    /// A case closed.
    case closed(outcome: String)
    /// A task accepted.
    case accepted(stage: String)
    /// A task completed.
    case completed(outcome: String)
    /// A task reassigned.
    case reassigned(to: String)
    /// A task's clock stopped, with the sender's reason.
    case paused(reason: String)
    /// A task's clock started again, with the moved deadlines.
    case resumed(acceptBy: LocalTime?, completeBy: LocalTime?)
    /// A deadline passed unmet.
    case overdue(deadline: String)
    /// A line of the event file that is no usable event.
    case malformed(line: Int, code: EventError.Code, reason: String)
    /// An output the timeline has no words for (its type).
    case otherOutput(type: String)
    /// The word in a timeline line's kind column.
    case kind(TimelineEntry.Kind)

    // Around the timeline.
    /// Deadlines reached past the years a calendar covers.
    case coverageWarning(tasks: Int, calendar: String, years: String?)
    /// The first line of the summary.
    case summaryHeader(at: String)
    /// One line of `--compare`: what changed for one unit, workflow or stage.
    case difference(ReportScope, name: String, changes: [ReportChange])
    /// The heading of the `--compare` output.
    case comparedWith(directory: String)
    /// `--compare` found nothing different.
    case noDifference
}

extension SimulationMessage {
    /// Why a task was cancelled, as the engine's `liaison.task.cancelled` says.
    public enum Cancellation: Hashable, Sendable {
        /// Its stage ended with this outcome.
        case stageEnded(stage: String, outcome: String)
        /// The case was withdrawn.
        case caseWithdrawn
        /// The lead moved it to another unit.
        case reassigned(to: String)
        /// Another reason, as written.
        case other(String)

        /// The cancellation the engine's reason text says.
        public init(reason: String) {
            let words = reason.split(separator: " ").map(String.init)
            if reason == "case withdrawn" {
                self = .caseWithdrawn
            } else if words.count == 4, words[0] == "stage", words[2] == "ended" {
                self = .stageEnded(stage: words[1], outcome: words[3])
            } else if words.count == 3, words[0] == "reassigned", words[1] == "to" {
                self = .reassigned(to: words[2])
            } else {
                self = .other(reason)
            }
        }
    }
}

/// Whose numbers a line of the summary or of `--compare` gives.
public enum ReportScope: String, Hashable, Sendable, CaseIterable {
    /// One unit.
    case unit
    /// One workflow.
    case workflow
    /// One workflow stage.
    case stage

    /// The word in `language`.
    public func text(_ language: Language) -> String {
        switch self {
        case .unit: language.pick("unit", "单位")
        case .workflow: language.pick("workflow", "流程")
        case .stage: language.pick("stage", "环节")
        }
    }
}

/// One number that differs between two simulation reports.
public struct ReportChange: Hashable, Sendable {
    /// Which number.
    public var column: ReportColumn
    /// Its value in this run and in the other.
    public var before: String, after: String

    /// Creates a change.
    public init(column: ReportColumn, before: String, after: String) {
        self.column = column
        self.before = before
        self.after = after
    }
}
