extension CommandMessage {
    /// The message's id without its values: what the catalogue is keyed by, and what the
    /// tests check has a text in every language. One case per case of `CommandMessage`.
    public enum ID: String, Hashable, Sendable, CaseIterable {
        case errorCount
        case warningsRefused
        case workflowValid
        case allValid
        case noSuchPath
        case cannotReadDefinitions
        case invalidToday
        case cannotReadEvents
        case invalidUntil
        case workflowsRefused
    }

    /// The id of this message.
    public var id: ID {
        switch self {
        case .errorCount: .errorCount
        case .warningsRefused: .warningsRefused
        case .workflowValid: .workflowValid
        case .allValid: .allValid
        case .noSuchPath: .noSuchPath
        case .cannotReadDefinitions: .cannotReadDefinitions
        case .invalidToday: .invalidToday
        case .cannotReadEvents: .cannotReadEvents
        case .invalidUntil: .invalidUntil
        case .workflowsRefused: .workflowsRefused
        }
    }
}
