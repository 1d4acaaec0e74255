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

extension EventType {
    /// The byte that stands for this type in a stored case state (a parked event's type).
    /// Fixed for ever: stored states are read back by later versions, so a code is never
    /// reused or renumbered, whatever order the cases above are listed in.
    public var storedCode: UInt8 {
        switch self {
        case .caseOpened: 0
        case .taskAccepted: 1
        case .taskDeclined: 2
        case .taskReassigned: 3
        case .taskCompleted: 4
        case .taskPaused: 5
        case .taskResumed: 6
        case .caseWithdrawn: 7
        case .taskRated: 8
        }
    }

    /// The type a stored code stands for; nil for a code no version has written.
    public init?(storedCode: UInt8) {
        guard let type = Self.allCases.first(where: { $0.storedCode == storedCode }) else { return nil }
        self = type
    }
}
