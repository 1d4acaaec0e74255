/// Everything the loader of workflows, calendars and the unit registry says about a definition
/// file (`liaison validate`): errors, warnings and notices, each a typed id with its values.
///
/// The English and Chinese texts sit side by side in `DefinitionMessage+Text.swift`.
public enum DefinitionMessage: Hashable, Sendable {
    // YAML and its shapes.
    /// The file holds no YAML document.
    case emptyFile
    /// The text is not YAML, with the parser's own words.
    case notYAML(detail: String)
    /// A YAML syntax mistake a designer makes, with libyaml's words.
    case syntax(YAMLMistake, libyaml: String)
    /// The same keys given twice in one mapping.
    case duplicatedKeys([String])
    /// A node that should be a mapping is not.
    case notAMapping(Subject)
    /// A mapping key that is not a plain scalar.
    case keyNotAWord(Subject)
    /// A key the mapping does not know.
    case unknownKey(String, in: Subject, expected: [String])
    /// A key given twice.
    case duplicateKey(String, in: Subject)
    /// A node that should be a scalar is not.
    case notSingleValue(Subject)
    /// A node that should be a list is not.
    case notAList(Subject)
    /// A required key is missing.
    case missingKey(String, in: Subject)
    /// A `{ from: … }` rule without `from`.
    case needsFrom(Subject)
    /// A list that must not be empty is.
    case emptyList(Subject)

    // Units.
    /// A malformed unit id.
    case malformedUnitID(Subject, String)
    /// A unit id missing from `units.yaml`, with the closest registered id.
    case unregisteredUnit(Subject, String, suggestion: String?)
    /// A `data.FIELD` reference of another shape.
    case notDataField(Subject, String)
    /// A unit listed twice in one list.
    case unitListedTwice(String, in: Subject)
    /// `units.yaml` without its list.
    case registryNeedsUnits
    /// A registry entry without `id`.
    case unitNeedsID
    /// A registry entry without `name`.
    case unitNeedsName(String)
    /// The same unit registered twice.
    case unitRegisteredTwice(String)

    // The workflow's own fields.
    /// A malformed workflow id.
    case invalidWorkflowID(String)
    /// A version that is not a whole number from 1.
    case invalidVersion
    /// A calendar no file defines.
    case unknownCalendar(String, known: [String])
    /// `start.on` other than `gov.case.opened`.
    case startOnNotCaseOpened
    /// `start.by` naming nobody.
    case startByEmpty
    /// A lead from data without a default and no `start.by`.
    case startByNeeded(field: String)
    /// `stages` missing its list.
    case stagesNotAList

    // Stages.
    /// A malformed stage id.
    case invalidStageID(String)
    /// A mode other than parallel or sequential.
    case invalidMode(String)
    /// Reminders or escalations in a stage with no deadline.
    case chaseWithoutDeadline
    /// A duration that does not parse.
    case invalidDuration(Subject, String)
    /// A percentage that does not parse.
    case invalidPercent(Subject, String)
    /// Reminder marks that do not rise.
    case reminderMarksMustRise(Subject, Int, after: Int)
    /// Escalation marks that do not rise.
    case escalationMarksMustRise(Int, after: Int)
    /// `escalate` that is not a list.
    case escalateNotAList
    /// An escalation step without `at` or `to`.
    case escalationStepIncomplete
    /// `to: supervisor` in a workflow without a supervisor.
    case supervisorNotNamed
    /// An escalation target that is no unit, supervisor or lead.
    case invalidEscalationTarget(String)
    /// A `complete_when` that does not parse.
    case invalidQuorum(String)
    /// A quorum larger than the stage's parties.
    case quorumTooLarge(String, parties: Int)
    /// A quorum whose N is not the number of parties.
    case quorumCountMismatch(String, said: Int, parties: Int)

    // The stage graph.
    /// Two stages with one id.
    case duplicateStageID(String)
    /// A `next` naming no stage.
    case nextNamesNoStage(key: String, stage: String, target: String)
    /// A stage the first stage never leads to.
    case unreachableStage(String, first: String)
    /// A stage from which no path reaches `end`.
    case loopWithoutEnd(String)

    // Warnings.
    /// A stage without `complete_within`.
    case noCompleteWithin(stage: String)
    /// A reminder at or after 100%.
    case reminderAfterDeadline(percent: Int)
    /// An escalation below 100%.
    case escalationBeforeDeadline(percent: Int)
    /// An escalation to a party of the stage itself.
    case escalationToLateParty(LateParty, stage: String)
    /// A supervisor no escalation uses.
    case supervisorUnused(String)

    // The set of files.
    /// Two calendar files with one id.
    case calendarDefinedTwice(String)
    /// Two files with one workflow id and version.
    case workflowVersionDefinedTwice(id: String, version: Int, otherFile: String)
    /// Two workflows started by one matter.
    case matterTaken(String, byWorkflow: String)
    /// A calendar's covered years have ended.
    case coverageEnded(calendar: String, years: String, lastDay: String, nextYear: Int)
    /// A calendar's covered years end within the notice period.
    case coverageEnding(calendar: String, years: String, lastDay: String, daysLeft: Int64, nextYear: Int)

    // Calendar files.
    /// A calendar file that is no mapping.
    case calendarNotAMapping
    /// A calendar key that is no plain word.
    case calendarKeyNotAWord
    /// A key a calendar does not have.
    case calendarUnknownKey(String, known: [String])
    /// A required calendar key missing.
    case calendarMissingKey(String)
    /// A malformed calendar id.
    case invalidCalendarID
    /// A time zone the tables do not know.
    case unknownTimeZone(NodeText)
    /// `workweek` that is no list.
    case workweekNotAList
    /// A working-week entry that is no day.
    case notADay(NodeText)
    /// A day listed twice in the working week.
    case dayTwiceInWorkweek(String)
    /// A working week with no day.
    case emptyWorkweek
    /// `hours` that is no list of ranges.
    case hoursNotAList
    /// An hour range that does not parse.
    case invalidHourRange(NodeText)
    /// Two working periods that overlap.
    case hoursOverlap(String, String)
    /// `covers` that is no year or range of years.
    case invalidCovers
    /// A listed date outside `covers`.
    case dateOutsideCovers(date: String, covers: String)
    /// `holidays` or `workdays` that is no list.
    case daysNotAList(key: String)
    /// A date that does not parse.
    case invalidDate(NodeText)
    /// A range backwards or too long.
    case invalidRange(String, longestDays: Int)
    /// A date listed as holiday and working day.
    case dayBothHolidayAndWorkday(String)
    /// A `workdays` date the working week works anyway (a warning).
    case workdayInWorkweek(String)

    // Printing.
    /// The severity word of a `file:line:col: severity: message` line.
    case severity(Diagnostic.Severity)
}

extension DefinitionMessage {
    /// What a message is about: a key as written in the file, or a part of it named in words.
    public indirect enum Subject: Hashable, Sendable {
        /// A YAML key or key path as written (`start.by`, `escalate.to`): a contract, never translated.
        case key(String)
        /// The whole workflow file.
        case workflow
        /// A stage not yet known by id.
        case stage
        /// The stage with this id.
        case stageNamed(String)
        /// The id of a stage.
        case stageID
        /// One step of an `escalate` list.
        case escalationStep
        /// The unit registry file.
        case unitRegistry
        /// One entry of the unit registry.
        case unitEntry
        /// The id of a registry entry.
        case unitID
        /// An item of a list.
        case item(of: Subject)
        /// A unit in a list.
        case unit(in: Subject)
        /// A percent mark in a list.
        case mark(in: Subject)
    }

    /// A node as a message names it: its text in quotes, or what kind of node it is.
    public enum NodeText: Hashable, Sendable {
        /// A scalar's text.
        case text(String)
        /// A mapping where a value was expected.
        case mapping
        /// A list where a value was expected.
        case list
        /// A YAML alias.
        case alias
    }

    /// Who an escalation to a party of the stage goes to.
    public enum LateParty: Hashable, Sendable {
        /// The case's lead, itself the stage's party.
        case lead
        /// A named unit.
        case unit(String)
    }

    /// The handful of YAML mistakes designers make, each explained in their words.
    public enum YAMLMistake: String, Hashable, Sendable, CaseIterable {
        /// A `:` where none may be: over-indented line or an unquoted `: `.
        case unexpectedColon
        /// A line not indented like the keys of its block.
        case misindentedKey
        /// A list item without `-`.
        case missingDash
        /// A character no token starts with, usually a tab.
        case tab
        /// A `[` never closed.
        case unclosedBracket
        /// A `{` never closed.
        case unclosedBrace
        /// A quote never closed.
        case unclosedQuote
        /// A key without `:`.
        case missingColon
        /// A list item where a value was expected.
        case misplacedListItem
    }
}

extension DefinitionMessage.Subject: ExpressibleByStringLiteral {
    /// A literal names a key as written in the file: `what: "start.by"` is `.key("start.by")`.
    public init(stringLiteral key: String) { self = .key(key) }
}
