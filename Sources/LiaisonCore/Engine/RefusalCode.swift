/// Why the engine refused an event: a stable code that goes into the dead-letter header
/// `liaison.reason.code`, with a meaning operators read in the guide.
///
/// Codes are a contract with department systems. Each one is a static member here, and
/// ``all`` is the list the documentation is generated from, so no code is ever a string typed
/// twice.
public struct RefusalCode: Hashable, Sendable, CustomStringConvertible {
    /// The code as it appears in headers (`not-a-party`).
    public let rawValue: String
    /// One sentence saying what it means, for operators and department developers.
    public let meaning: String

    init(_ rawValue: String, _ meaning: String) {
        self.rawValue = rawValue
        self.meaning = meaning
    }

    /// Equal codes have equal raw values; the meaning is documentation.
    public static func == (lhs: RefusalCode, rhs: RefusalCode) -> Bool { lhs.rawValue == rhs.rawValue }

    /// Hashes the raw value.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// The raw value.
    public var description: String { rawValue }
}

extension RefusalCode {
    // Opening a case.
    /// No loaded workflow starts the event's `matter`.
    public static let unknownMatter = RefusalCode("unknown-matter", "no loaded workflow starts the matter of this gov.case.opened")
    /// The opening unit is not one the workflow lets open its cases (`start.by`).
    public static let notAnOpener = RefusalCode("not-an-opener", "the sending unit may not open cases of this workflow (start.by); the case id stays free")
    /// The case is already open.
    public static let alreadyOpen = RefusalCode("already-open", "a case with this id is already open")
    /// The lead comes from data and neither the event nor the workflow names one.
    public static let noLead = RefusalCode("no-lead", "the opening names no lead unit and the workflow has no default")
    /// A stage resolved to no parties for this case.
    public static let noParties = RefusalCode("no-parties", "a stage of the workflow has no parties for this case")
    /// A unit named by the event is not in the unit registry.
    public static let unknownUnit = RefusalCode("unknown-unit", "a unit the event names is not registered in units.yaml")
    /// The case's workflow version is no longer loaded.
    public static let unknownWorkflow = RefusalCode("unknown-workflow", "the workflow version the case follows is no longer loaded")

    // Time.
    /// `time` lies too far ahead of the daemon's clock.
    public static let futureTime = RefusalCode("future-time", "the event's time lies further ahead than processing.max_future_skew")
    /// `time` lies too far behind the daemon's clock.
    public static let pastTime = RefusalCode("past-time", "the event's time lies further back than processing.max_past_skew")

    // Case and task state.
    /// The case is closed or withdrawn.
    public static let caseClosed = RefusalCode("case-closed", "the case is closed; nothing more can happen to it")
    /// The sender is not a party to the case.
    public static let notAParty = RefusalCode("not-a-party", "the sending unit is not a party to the case")
    /// The sender is a party of a later stage, not of the current one.
    public static let notAssigned = RefusalCode("not-assigned", "the unit holds no task in the current stage (yet)")
    /// The event names a stage other than the current one.
    public static let wrongStage = RefusalCode("wrong-stage", "the event names a stage the case is not in")
    /// The unit already completed its task in this stage.
    public static let alreadyCompleted = RefusalCode("already-completed", "the unit already completed its task in this stage")
    /// The unit already accepted its task.
    public static let alreadyAccepted = RefusalCode("already-accepted", "the unit already accepted its task")
    /// The unit's task was declined; only the lead's reassignment moves it on.
    public static let declined = RefusalCode("declined", "the unit declined its task; the lead must reassign it")
    /// The unit's task was reassigned to another unit.
    public static let reassigned = RefusalCode("reassigned", "the unit's task was reassigned to another unit")
    /// The unit's task is closed (cancelled).
    public static let taskClosed = RefusalCode("task-closed", "the unit's task is closed")
    /// The lead tried to decline its own task.
    public static let leadCannotDecline = RefusalCode("lead-cannot-decline", "the lead owns the case and cannot decline a task of it")
    /// Pause while already paused, or nothing to pause.
    public static let nothingToPause = RefusalCode("nothing-to-pause", "the unit has no running task to pause")
    /// Resume without a pause.
    public static let notPaused = RefusalCode("not-paused", "the unit's task is not paused")

    // Authority.
    /// Only the lead reassigns.
    public static let notTheLead = RefusalCode("not-the-lead", "only the case's lead may reassign tasks")
    /// Reassignment to a unit that already holds (or held and finished) a task in the stage.
    public static let alreadyAssigned = RefusalCode("already-assigned", "the target unit already holds or completed a task in this stage")
    /// Reassignment of a unit's task to that same unit.
    public static let sameUnit = RefusalCode("same-unit", "a task cannot be reassigned to the unit that holds it")
    /// Withdrawal by a unit that neither opened nor leads the case.
    public static let notAllowedToWithdraw = RefusalCode("not-allowed-to-withdraw", "only the unit that opened the case or its lead may withdraw it")
    /// A unit rated itself.
    public static let selfRating = RefusalCode("self-rating", "a unit cannot rate itself")
    /// The rater is not a party (or the lead) of the case.
    public static let raterNotAParty = RefusalCode("rater-not-a-party", "only a party of the case or its lead may rate")
    /// The rated unit is not a party (or the lead) of the case.
    public static let ratedNotAParty = RefusalCode("rated-not-a-party", "the rated unit is not a party of the case")

    // Inbox.
    /// The case inbox holds as many events or bytes as it may.
    public static let inboxFull = RefusalCode("inbox-full", "the case has not opened and its inbox is full (processing.inbox_max_events / inbox_max_bytes)")
    /// The case did not open before the waiting event expired.
    public static let inboxExpired = RefusalCode("inbox-expired", "the case did not open within processing.inbox_ttl")

    /// Every code the engine gives, in the order the guide lists them.
    public static let all: [RefusalCode] = [
        .unknownMatter, .notAnOpener, .alreadyOpen, .noLead, .noParties, .unknownUnit, .unknownWorkflow,
        .futureTime, .pastTime,
        .caseClosed, .notAParty, .notAssigned, .wrongStage, .alreadyCompleted, .alreadyAccepted, .declined,
        .reassigned, .taskClosed, .leadCannotDecline, .nothingToPause, .notPaused,
        .notTheLead, .alreadyAssigned, .sameUnit, .notAllowedToWithdraw, .selfRating, .raterNotAParty, .ratedNotAParty,
        .inboxFull, .inboxExpired,
    ]
}
