/// The inbound event types of DESIGN §3, the only ones the engine acts on.
public enum EventType: String, Sendable, Hashable, CaseIterable {
    /// A joint matter begins.
    case caseOpened = "gov.case.opened"
    /// The sending unit takes its task (签收).
    case taskAccepted = "gov.task.accepted"
    /// The sending unit says the task is not its duty (退回).
    case taskDeclined = "gov.task.declined"
    /// The lead moves a task to another unit (转办).
    case taskReassigned = "gov.task.reassigned"
    /// The sending unit finishes its task.
    case taskCompleted = "gov.task.completed"
    /// The clock stops while the applicant supplies material (补正).
    case taskPaused = "gov.task.paused"
    /// The clock starts again.
    case taskResumed = "gov.task.resumed"
    /// The applicant withdraws.
    case caseWithdrawn = "gov.case.withdrawn"
    /// One unit rates another's cooperation, 1–5.
    case taskRated = "gov.task.rated"
}
