import Testing
@testable import LiaisonCore

/// Every message `validate` and `simulate` print has an English and a Chinese text, and the
/// Chinese one is a translation, not a copy: see `Sources/LiaisonCore/Messages`.
@Suite("The message catalogue speaks both languages")
struct MessageCatalogueTests {
    static let noon = LocalTime(date: "2026-03-02", clock: "12:00", weekday: 0)

    /// One message of each id of `DefinitionMessage`.
    static let definitions: [DefinitionMessage] = [
        .emptyFile, .notYAML(detail: "bad"), .syntax(.tab, libyaml: "found character"), .duplicatedKeys(["id"]),
        .notAMapping(.workflow), .keyNotAWord(.stage), .unknownKey("moed", in: .stage, expected: ["id", "mode"]),
        .duplicateKey("id", in: .unitEntry), .notSingleValue("title"), .notAList(.item(of: "parties")),
        .missingKey("lead", in: .workflow), .needsFrom("parties"), .emptyList("parties.default"),
        .malformedUnitID(.unit(in: "parties"), "Tax"), .unregisteredUnit("lead", "fire-safty", suggestion: "fire-safety"),
        .notDataField("lead.from", "lead"), .unitListedTwice("tax", in: "parties"), .registryNeedsUnits, .unitNeedsID,
        .unitNeedsName("tax"), .unitRegisteredTwice("tax"), .invalidWorkflowID("Big"), .invalidVersion,
        .unknownCalendar("cn", known: ["cn-workdays"]), .startOnNotCaseOpened, .startByEmpty, .startByNeeded(field: "lead"),
        .stagesNotAList, .invalidStageID("end"), .invalidMode("both"), .chaseWithoutDeadline,
        .invalidDuration("complete_within", "3 weeks"), .invalidPercent(.mark(in: "remind_at"), "80"),
        .reminderMarksMustRise("remind_at", 50, after: 80), .escalationMarksMustRise(100, after: 150), .escalateNotAList,
        .escalationStepIncomplete, .supervisorNotNamed, .invalidEscalationTarget("Boss"), .invalidQuorum("most"),
        .quorumTooLarge("3 of 3", parties: 2), .quorumCountMismatch("2 of 4", said: 4, parties: 3), .duplicateStageID("review"),
        .nextNamesNoStage(key: "approved", stage: "review", target: "decisoin"), .unreachableStage("appeal", first: "review"),
        .loopWithoutEnd("review"), .noCompleteWithin(stage: "review"), .reminderAfterDeadline(percent: 120),
        .escalationBeforeDeadline(percent: 80), .escalationToLateParty(.unit("tax"), stage: "review"), .supervisorUnused("gov-office"),
        .calendarDefinedTwice("cn-workdays"), .workflowVersionDefinedTwice(id: "w", version: 2, otherFile: "w2.yaml"),
        .matterTaken("m", byWorkflow: "w"), .coverageEnded(calendar: "cn-workdays", years: "2026", lastDay: "2026-12-31", nextYear: 2027),
        .coverageEnding(calendar: "cn-workdays", years: "2026", lastDay: "2026-12-31", daysLeft: 12, nextYear: 2027),
        .calendarNotAMapping, .calendarKeyNotAWord, .calendarUnknownKey("holiday", known: ["id", "holidays"]),
        .calendarMissingKey("timezone"), .invalidCalendarID, .unknownTimeZone(.text("Beijing")), .workweekNotAList,
        .notADay(.text("mo")), .dayTwiceInWorkweek("mon"), .emptyWorkweek, .hoursNotAList, .invalidHourRange(.list),
        .hoursOverlap("09:00-12:00", "11:00-13:00"), .invalidCovers, .dateOutsideCovers(date: "2027-01-01", covers: "2026"),
        .daysNotAList(key: "holidays"), .invalidDate(.mapping), .invalidRange("2026-10-07..2026-10-01", longestDays: 366),
        .dayBothHolidayAndWorkday("2026-10-10"), .workdayInWorkweek("2026-10-09"), .severity(.error),
    ]

    /// One message of each id of `SimulationMessage`.
    static let simulation: [SimulationMessage] = [
        .refused(event: "gov.task.accepted acc-1", code: "not-a-party", reason: "unit-x is not a party"),
        .duplicate(event: "gov.task.accepted acc-1"), .waiting(event: "gov.task.accepted acc-1"), .rated(score: 4),
        .opened(workflow: "enterprise-establishment", version: 1, lead: "market-regulation"),
        .stageEntered(stage: "review", mode: "parallel", completeWhen: "all"),
        .assigned(stage: "review", role: "collaborator", acceptBy: noon, completeBy: nil, calendarUncovered: true),
        .cancelled(.stageEnded(stage: "review", outcome: "approved")), .declined(lead: "market-regulation", reassignBy: noon),
        .reminded(deadline: "complete", percent: 80, due: noon, leftMilliseconds: 5_400_000, workingTime: true),
        .escalated(deadline: "accept", percent: 100, level: 1, to: "gov-office", overdueMilliseconds: 0),
        .closed(outcome: "approved"), .accepted(stage: "review"), .completed(outcome: "rejected"), .reassigned(to: "tax"),
        .paused(reason: "补正材料"), .resumed(acceptBy: nil, completeBy: noon), .overdue(deadline: "reassign"),
        .malformed(line: 7, code: .notJSON, reason: "bad"), .otherOutput(type: "liaison.case.something"), .kind(.escalated),
        .coverageWarning(tasks: 2, calendar: "cn-workdays", years: "2026"), .summaryHeader(at: "2026-03-06T00:00:00Z"),
        .difference(.unit, name: "tax", changes: [ReportChange(column: .onTime, before: "1", after: "0")]),
        .comparedWith(directory: "Workflows-next"), .noDifference,
    ]

    /// One message of each id of `CommandMessage`.
    static let commands: [CommandMessage] = [
        .errorCount(2), .warningsRefused(1),
        .workflowValid(id: "w", version: 1, file: "w.yaml", stages: ["review", "decision"], matter: "w", calendar: nil),
        .allValid(workflows: 3, calendars: 1, warnings: 0), .noSuchPath("Workflow"), .cannotReadDefinitions("w.yaml is not UTF-8 text"),
        .invalidToday("tomorrow"), .cannotReadEvents("e.jsonl"), .invalidUntil("soon"), .workflowsRefused(directory: "Workflows"),
    ]

    /// Every rendering the catalogue has, with a name for failure messages: the samples above,
    /// every case of the small enums, and every part that takes a variant of its own.
    static var renderings: [(String, (Language) -> String)] {
        var all: [(String, (Language) -> String)] = []
        all += definitions.map { message in ("DefinitionMessage.\(message.id)", { message.text($0) }) }
        all += simulation.map { message in ("SimulationMessage.\(message.id)", { message.text($0) }) }
        all += commands.map { message in ("CommandMessage.\(message.id)", { message.text($0) }) }
        all += DefinitionMessage.YAMLMistake.allCases.map { mistake in ("YAMLMistake.\(mistake)", { mistake.text($0) }) }
        all += [Diagnostic.Severity.error, .warning, .notice].map { severity in ("severity \(severity)", { DefinitionMessage.severity(severity).text($0) }) }
        let subjects: [DefinitionMessage.Subject] = [.workflow, .stage, .stageNamed("review"), .stageID, .escalationStep, .unitRegistry,
                                                     .unitEntry, .unitID, .item(of: "parties"), .unit(in: "parties"), .mark(in: "remind_at")]
        all += subjects.map { subject in ("Subject \(subject)", { subject.text($0) }) }
        all += [DefinitionMessage.NodeText.mapping, .list, .alias].map { node in ("NodeText \(node)", { node.text($0) }) }
        all += [DefinitionMessage.LateParty.lead, .unit("tax")].map { party in ("LateParty \(party)", { party.text($0) }) }
        all += TimelineEntry.Kind.allCases.map { kind in ("Kind.\(kind)", { SimulationMessage.kind(kind).text($0) }) }
        let cancellations: [SimulationMessage.Cancellation] = [.stageEnded(stage: "review", outcome: "approved"), .caseWithdrawn,
                                                               .reassigned(to: "tax"), .other("merged")]
        all += cancellations.map { cancellation in ("Cancellation \(cancellation)", { SimulationMessage.cancelled(cancellation).text($0) }) }
        all += ReportColumn.allCases.map { column in ("ReportColumn.\(column)", { column.text($0) }) }
        all += ReportScope.allCases.map { scope in ("ReportScope.\(scope)", { scope.text($0) }) }
        all += RefusalCode.all.map { code in ("RefusalCode \(code)", { code.meaning($0) ?? "" }) }
        all += EventError.Code.allCases.map { code in ("EventError.Code \(code)", { code.meaning($0) }) }
        return all
    }

    /// Renderings whose Chinese may equal the English: none today. A pure symbol or number
    /// line would be listed here, with why.
    static let sameInBothLanguages: Set<String> = []

    @Test func theSamplesCoverEveryMessageID() {
        #expect(Set(Self.definitions.map(\.id)) == Set(DefinitionMessage.ID.allCases))
        #expect(Set(Self.simulation.map(\.id)) == Set(SimulationMessage.ID.allCases))
        #expect(Set(Self.commands.map(\.id)) == Set(CommandMessage.ID.allCases))
    }

    @Test func everyMessageHasAnEnglishAndADifferentChineseText() {
        for (name, render) in Self.renderings {
            let english = render(.english)
            let chinese = render(.chinese)
            #expect(!english.isEmpty, "\(name) has no English text")
            #expect(!chinese.isEmpty, "\(name) has no Chinese text")
            if !Self.sameInBothLanguages.contains(name) {
                #expect(chinese != english, "\(name) is not translated: \(chinese)")
                #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(name) has no Chinese word: \(chinese)")
            }
        }
    }

    /// The values a message carries (ids, keys, numbers, quoted text) are a contract: the
    /// Chinese text keeps every quoted one the English text shows.
    @Test func chineseTextsKeepTheQuotedValues() {
        let translatedQuotes: Set<String> = ["'key: value'", "'from: data.FIELD'"]
        for (name, render) in Self.renderings {
            let english = render(.english)
            let chinese = render(.chinese)
            for value in Self.quotedValues(english) where !translatedQuotes.contains(value) {
                #expect(chinese.contains(value), "\(name): \(value) is missing from \(chinese)")
            }
        }
    }

    /// The 'quoted' values of a text; an apostrophe inside a word (`the year's`) opens none.
    static func quotedValues(_ text: String) -> [String] {
        let characters = Array(text)
        var values: [String] = []
        var index = 0
        while index < characters.count {
            defer { index += 1 }
            guard characters[index] == "'", index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber) else { continue }
            guard let close = characters[(index + 1)...].firstIndex(where: { $0 == "'" }) else { break }
            values.append(String(characters[index...close]))
            index = close
        }
        return values
    }

    @Test func aDiagnosticReadsLikeACompilerLineInEitherLanguage() {
        let diagnostic = Diagnostic(file: "w.yaml", line: 5, column: 7, .unregisteredUnit("lead", "fire-safty", suggestion: "fire-safety"))
        #expect(diagnostic.description == "w.yaml:5:7: error: lead 'fire-safty' is not a registered unit (did you mean 'fire-safety'?); units are listed in units.yaml")
        #expect(diagnostic.description(in: .chinese) == "w.yaml:5:7: 错误：lead 'fire-safty' 不是单位名录中登记的单位（是不是 'fire-safety'？）；单位在 units.yaml 中登记")
        let free = Diagnostic(file: "<environment>", line: 0, column: 0, message: "unknown variable LIAISON_X")
        #expect(free.description(in: .chinese) == "<environment>:0:0: 错误：unknown variable LIAISON_X")
    }

    @Test func aSpanReadsInEitherLanguage() {
        #expect(SimulationMessage.span(49_500_000, .english) == "13h 45m")
        #expect(SimulationMessage.span(49_500_000, .chinese) == "13小时45分")
        #expect(SimulationMessage.span(-90_061_000, .chinese) == "-1天1小时1分")
        #expect(SimulationMessage.span(0, .chinese) == "0分")
    }

    @Test func theCancellationReasonsOfTheEngineAreRecognised() {
        #expect(SimulationMessage.Cancellation(reason: "stage review ended rejected") == .stageEnded(stage: "review", outcome: "rejected"))
        #expect(SimulationMessage.Cancellation(reason: "case withdrawn") == .caseWithdrawn)
        #expect(SimulationMessage.Cancellation(reason: "reassigned to tax") == .reassigned(to: "tax"))
        #expect(SimulationMessage.Cancellation(reason: "something else") == .other("something else"))
    }

    @Test func chineseTablesLineUpInTerminalColumns() {
        #expect("按时率".terminalWidth == 6)
        #expect("tax".terminalWidth == 3)
        let table = SimulationReport.table(["单位", "按时率"], [["public-security", "50%"]])
        #expect(table.map(\.terminalWidth) == [table[0].terminalWidth, table[0].terminalWidth])
        #expect(table[1].hasSuffix("   50%"))
    }
}

/// Which language a command speaks (`Language.choose`).
@Suite("The language rule")
struct LanguageRuleTests {
    @Test func theFlagWinsOverTheLocale() {
        #expect(Language.choose(flag: .english, environment: ["LANG": "zh_CN.UTF-8"]) == .english)
        #expect(Language.choose(flag: .chinese, environment: ["LANG": "en_US.UTF-8"]) == .chinese)
    }

    @Test func theLocaleVariablesAreReadInPOSIXOrder() {
        #expect(Language.choose(flag: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .chinese)
        #expect(Language.choose(flag: nil, environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"]) == .chinese)
        #expect(Language.choose(flag: nil, environment: ["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "C"]) == .english)
        #expect(Language.choose(flag: nil, environment: ["LC_MESSAGES": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"]) == .english)
        #expect(Language.choose(flag: nil, environment: ["LC_ALL": "", "LANG": "zh_TW.UTF-8"]) == .chinese, "an empty variable counts as unset")
    }

    @Test func englishIsTheDefault() {
        #expect(Language.choose(flag: nil, environment: [:]) == .english)
        #expect(Language.choose(flag: nil, environment: ["LANG": "C.UTF-8"]) == .english)
        #expect(Language.choose(flag: nil, environment: ["LANG": "fr_FR.UTF-8", "LC_CTYPE": "zh_CN.UTF-8"]) == .english)
    }
}

/// The loader's findings, printed in Chinese at the line where the mistake is.
@Suite("validate in Chinese")
struct ChineseValidationTests {
    func problems(_ text: String) -> [String] {
        do {
            _ = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: text)], calendars: [])
            return []
        } catch {
            return error.diagnostics.map { $0.description(in: .chinese) }
        }
    }

    @Test func aYAMLSyntaxMistakeIsExplainedAtItsLine() {
        let found = problems("id: w\nversion: 1\nlead: lead-office\nstages:\n  - id: review\n    parties: [unit-a, unit-b\n    complete_within: 2h\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("w.yaml:6:14: 错误：这里用 '[' 开始的列表没有用 ']' 结束") == true, "\(found)")
        #expect(found.first?.hasSuffix("（YAML 原文：did not find expected ',' or ']'）") == true, "\(found)")
    }

    @Test func aTabInTheIndentationIsNamed() {
        let found = problems("id: w\nversion: 1\nlead: tax\nstages:\n  - id: review\n\tparties: [tax]\n")
        #expect(found == ["w.yaml:6:1: 错误：这里有 YAML 不能作为开头的字符，最常见的是 Tab：缩进只能用空格；以 @ 或 ` 开头的文字要加引号"
                          + "（YAML 原文：found a tab character that violates indentation）"], "\(found)")
    }

    @Test func aWarningIsInChineseToo() throws {
        let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: """
            id: w
            version: 1
            start: { on: gov.case.opened, by: [lead-office] }
            lead: lead-office
            stages:
              - id: review
                parties: [unit-a]
            """)], calendars: [])
        #expect(catalog.warnings.map { $0.description(in: .chinese) }
                    == ["w.yaml:6:9: 警告：环节 'review' 没有写 complete_within：其任务没有办结时限，签收之后不会再有催办或督办；任务被退回时，牵头单位也没有时限可以追究"])
    }
}
