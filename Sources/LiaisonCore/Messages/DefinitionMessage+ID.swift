extension DefinitionMessage {
    /// The message's id without its values: what the catalogue is keyed by, and what the
    /// tests check has a text in every language. One case per case of `DefinitionMessage`.
    public enum ID: String, Hashable, Sendable, CaseIterable {
        case emptyFile
        case notYAML
        case syntax
        case duplicatedKeys
        case notAMapping
        case keyNotAWord
        case unknownKey
        case duplicateKey
        case notSingleValue
        case notAList
        case missingKey
        case needsFrom
        case emptyList
        case malformedUnitID
        case unregisteredUnit
        case notDataField
        case unitListedTwice
        case registryNeedsUnits
        case unitNeedsID
        case unitNeedsName
        case unitRegisteredTwice
        case invalidWorkflowID
        case invalidVersion
        case unknownCalendar
        case startOnNotCaseOpened
        case startByEmpty
        case startByNeeded
        case stagesNotAList
        case invalidStageID
        case invalidMode
        case chaseWithoutDeadline
        case invalidDuration
        case invalidPercent
        case reminderMarksMustRise
        case escalationMarksMustRise
        case escalateNotAList
        case escalationStepIncomplete
        case supervisorNotNamed
        case invalidEscalationTarget
        case invalidQuorum
        case quorumTooLarge
        case quorumCountMismatch
        case duplicateStageID
        case nextNamesNoStage
        case unreachableStage
        case loopWithoutEnd
        case noCompleteWithin
        case reminderAfterDeadline
        case escalationBeforeDeadline
        case escalationToLateParty
        case supervisorUnused
        case calendarDefinedTwice
        case workflowVersionDefinedTwice
        case matterTaken
        case coverageEnded
        case coverageEnding
        case calendarNotAMapping
        case calendarKeyNotAWord
        case calendarUnknownKey
        case calendarMissingKey
        case invalidCalendarID
        case unknownTimeZone
        case workweekNotAList
        case notADay
        case dayTwiceInWorkweek
        case emptyWorkweek
        case hoursNotAList
        case invalidHourRange
        case hoursOverlap
        case invalidCovers
        case dateOutsideCovers
        case daysNotAList
        case invalidDate
        case invalidRange
        case dayBothHolidayAndWorkday
        case workdayInWorkweek
        case severity
    }

    /// The id of this message.
    public var id: ID {
        switch self {
        case .emptyFile: .emptyFile
        case .notYAML: .notYAML
        case .syntax: .syntax
        case .duplicatedKeys: .duplicatedKeys
        case .notAMapping: .notAMapping
        case .keyNotAWord: .keyNotAWord
        case .unknownKey: .unknownKey
        case .duplicateKey: .duplicateKey
        case .notSingleValue: .notSingleValue
        case .notAList: .notAList
        case .missingKey: .missingKey
        case .needsFrom: .needsFrom
        case .emptyList: .emptyList
        case .malformedUnitID: .malformedUnitID
        case .unregisteredUnit: .unregisteredUnit
        case .notDataField: .notDataField
        case .unitListedTwice: .unitListedTwice
        case .registryNeedsUnits: .registryNeedsUnits
        case .unitNeedsID: .unitNeedsID
        case .unitNeedsName: .unitNeedsName
        case .unitRegisteredTwice: .unitRegisteredTwice
        case .invalidWorkflowID: .invalidWorkflowID
        case .invalidVersion: .invalidVersion
        case .unknownCalendar: .unknownCalendar
        case .startOnNotCaseOpened: .startOnNotCaseOpened
        case .startByEmpty: .startByEmpty
        case .startByNeeded: .startByNeeded
        case .stagesNotAList: .stagesNotAList
        case .invalidStageID: .invalidStageID
        case .invalidMode: .invalidMode
        case .chaseWithoutDeadline: .chaseWithoutDeadline
        case .invalidDuration: .invalidDuration
        case .invalidPercent: .invalidPercent
        case .reminderMarksMustRise: .reminderMarksMustRise
        case .escalationMarksMustRise: .escalationMarksMustRise
        case .escalateNotAList: .escalateNotAList
        case .escalationStepIncomplete: .escalationStepIncomplete
        case .supervisorNotNamed: .supervisorNotNamed
        case .invalidEscalationTarget: .invalidEscalationTarget
        case .invalidQuorum: .invalidQuorum
        case .quorumTooLarge: .quorumTooLarge
        case .quorumCountMismatch: .quorumCountMismatch
        case .duplicateStageID: .duplicateStageID
        case .nextNamesNoStage: .nextNamesNoStage
        case .unreachableStage: .unreachableStage
        case .loopWithoutEnd: .loopWithoutEnd
        case .noCompleteWithin: .noCompleteWithin
        case .reminderAfterDeadline: .reminderAfterDeadline
        case .escalationBeforeDeadline: .escalationBeforeDeadline
        case .escalationToLateParty: .escalationToLateParty
        case .supervisorUnused: .supervisorUnused
        case .calendarDefinedTwice: .calendarDefinedTwice
        case .workflowVersionDefinedTwice: .workflowVersionDefinedTwice
        case .matterTaken: .matterTaken
        case .coverageEnded: .coverageEnded
        case .coverageEnding: .coverageEnding
        case .calendarNotAMapping: .calendarNotAMapping
        case .calendarKeyNotAWord: .calendarKeyNotAWord
        case .calendarUnknownKey: .calendarUnknownKey
        case .calendarMissingKey: .calendarMissingKey
        case .invalidCalendarID: .invalidCalendarID
        case .unknownTimeZone: .unknownTimeZone
        case .workweekNotAList: .workweekNotAList
        case .notADay: .notADay
        case .dayTwiceInWorkweek: .dayTwiceInWorkweek
        case .emptyWorkweek: .emptyWorkweek
        case .hoursNotAList: .hoursNotAList
        case .invalidHourRange: .invalidHourRange
        case .hoursOverlap: .hoursOverlap
        case .invalidCovers: .invalidCovers
        case .dateOutsideCovers: .dateOutsideCovers
        case .daysNotAList: .daysNotAList
        case .invalidDate: .invalidDate
        case .invalidRange: .invalidRange
        case .dayBothHolidayAndWorkday: .dayBothHolidayAndWorkday
        case .workdayInWorkweek: .workdayInWorkweek
        case .severity: .severity
        }
    }
}
