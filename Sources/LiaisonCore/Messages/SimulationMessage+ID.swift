extension SimulationMessage {
    /// The message's id without its values: what the catalogue is keyed by, and what the
    /// tests check has a text in every language. One case per case of `SimulationMessage`.
    public enum ID: String, Hashable, Sendable, CaseIterable {
        case refused
        case duplicate
        case waiting
        case rated
        case opened
        case stageEntered
        case assigned
        case cancelled
        case declined
        case reminded
        case escalated
        case closed
        case accepted
        case completed
        case reassigned
        case paused
        case resumed
        case overdue
        case malformed
        case otherOutput
        case kind
        case coverageWarning
        case summaryHeader
        case difference
        case comparedWith
        case noDifference
    }

    /// The id of this message.
    public var id: ID {
        switch self {
        case .refused: .refused
        case .duplicate: .duplicate
        case .waiting: .waiting
        case .rated: .rated
        case .opened: .opened
        case .stageEntered: .stageEntered
        case .assigned: .assigned
        case .cancelled: .cancelled
        case .declined: .declined
        case .reminded: .reminded
        case .escalated: .escalated
        case .closed: .closed
        case .accepted: .accepted
        case .completed: .completed
        case .reassigned: .reassigned
        case .paused: .paused
        case .resumed: .resumed
        case .overdue: .overdue
        case .malformed: .malformed
        case .otherOutput: .otherOutput
        case .kind: .kind
        case .coverageWarning: .coverageWarning
        case .summaryHeader: .summaryHeader
        case .difference: .difference
        case .comparedWith: .comparedWith
        case .noDifference: .noDifference
        }
    }
}
