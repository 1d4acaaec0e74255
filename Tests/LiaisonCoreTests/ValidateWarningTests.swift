import Testing
@testable import LiaisonCore

/// Findings that load but are most likely mistakes: `validate` prints them, `--strict` refuses.
@Suite("Validate warnings")
struct ValidateWarningTests {
    static let good = """
        id: w
        version: 1
        start: { on: gov.case.opened, by: [service-window] }
        lead: lead-office
        supervisor: supervisor-office
        stages:
          - id: review
            parties: [unit-a, unit-b]
            complete_within: 2h
            remind_at: [50%, 80%]
            escalate:
              - { at: 100%, to: supervisor }
              - { at: 150%, to: mayor-office }
        """

    func warnings(_ text: String, calendar: String? = nil) throws -> [String] {
        let calendars = calendar.map { [SourceFile(path: "c.yaml", text: $0)] } ?? []
        return try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: text)], calendars: calendars)
            .warnings.map(\.description)
    }

    @Test func aCarefulWorkflowHasNoWarning() throws {
        #expect(try warnings(Self.good) == [])
    }

    @Test func anEscalationBeforeTheDeadlineIsWarnedAbout() throws {
        let text = Self.good.replacingOccurrences(of: "{ at: 100%, to: supervisor }", with: "{ at: 90%, to: supervisor }")
        let found = try warnings(text)
        #expect(found == ["w.yaml:12:15: warning: an escalation at 90% goes to the supervisor before the deadline has passed; use remind_at before 100% and escalate from 100% on"])
    }

    @Test func aReminderAtOrAfterTheDeadlineIsWarnedAbout() throws {
        let text = Self.good.replacingOccurrences(of: "remind_at: [50%, 80%]", with: "remind_at: [50%, 100%]")
        #expect(try warnings(text) == ["w.yaml:10:22: warning: a reminder at 100% comes when the deadline has already passed; remind before 100% and escalate (escalate:) from 100% on"])
    }

    @Test func anEscalationToAPartyOfTheStageIsWarnedAbout() throws {
        let text = Self.good.replacingOccurrences(of: "to: mayor-office", with: "to: unit-b")
        let found = try warnings(text)
        #expect(found.first?.hasPrefix("w.yaml:13:25: warning: this escalation goes to 'unit-b', a party of stage 'review'") == true)
        let leadStage = Self.good.replacingOccurrences(of: "parties: [unit-a, unit-b]", with: "parties: lead")
            .replacingOccurrences(of: "to: mayor-office", with: "to: lead")
        #expect(try warnings(leadStage).first?.contains("goes to the lead, a party of stage 'review'") == true)
    }

    @Test func aSupervisorNoStepUsesIsWarnedAbout() throws {
        let text = Self.good.replacingOccurrences(of: "to: supervisor }", with: "to: lead }")
        #expect(try warnings(text) == ["w.yaml:5:13: warning: supervisor 'supervisor-office' is declared but no escalation step goes to 'supervisor'; use it in an escalate list or remove it"])
    }

    @Test func aStageWithoutCompleteWithinIsWarnedAbout() throws {
        let text = Self.good.replacingOccurrences(of: "complete_within: 2h", with: "accept_within: 1h")
        let found = try warnings(text)
        #expect(found.first?.hasPrefix("w.yaml:7:9: warning: stage 'review' has no complete_within") == true)
    }

    @Test func aCalendarWorkingDayThatIsAWeekdayIsWarnedAbout() throws {
        let calendar = "id: c\ntimezone: UTC\nworkweek: [mon, tue, wed, thu, fri]\nhours: [\"09:00-17:00\"]\nworkdays: [2026-02-14, 2026-03-02]\n"
        #expect(try warnings(Self.good, calendar: calendar) == [
            "c.yaml:5:24: warning: 2026-03-02 is already a working day of the working week; 'workdays' lists the weekend days that are worked (调休)",
        ])
    }

    @Test func coverageEndingSoonIsANoticeNotAWarning() throws {
        let calendar = "id: c\ntimezone: UTC\ncovers: 2026\nworkweek: [mon, tue, wed, thu, fri]\nhours: [\"09:00-17:00\"]\n"
        let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: Self.good)],
                                               calendars: [SourceFile(path: "c.yaml", text: calendar)])
        #expect(catalog.warnings.isEmpty)
        #expect(catalog.coverageNotices(today: try #require(Timestamp(rfc3339: "2026-10-01T00:00:00Z"))).isEmpty)
        let soon = catalog.coverageNotices(today: try #require(Timestamp(rfc3339: "2026-11-15T00:00:00Z")))
        #expect(soon.map(\.severity) == [.notice])
        #expect(soon.first?.description.hasPrefix("c.yaml:3:9: notice: calendar 'c' covers 2026, which ends on 2026-12-31, in 47 day(s)") == true)
        let ended = catalog.coverageNotices(today: try #require(Timestamp(rfc3339: "2027-01-02T00:00:00Z")))
        #expect(ended.first?.message.contains("which ended on 2026-12-31") == true)
    }
}

/// YAML syntax errors in designer words, at the line of the mistake.
@Suite("YAML syntax errors")
struct YAMLSyntaxErrorTests {
    func error(_ text: String) -> String {
        do {
            _ = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: text)], calendars: [])
            return ""
        } catch {
            return error.description
        }
    }

    @Test func aKeyIndentedTooFarIsNamedAtItsLine() {
        let text = "id: w\nversion: 1\nlead: lead-office\nstages:\n  - id: review\n     parties: lead\n"
        #expect(error(text).hasPrefix("w.yaml:6:"))
        #expect(error(text).contains("indented"))
    }

    @Test func aListItemWithoutItsDashIsNamed() {
        let text = "id: w\nversion: 1\nlead: lead-office\nstages:\n  - id: review\n    parties: lead\n  id: decision\n"
        #expect(error(text).hasPrefix("w.yaml:7:"))
        #expect(error(text).contains("'-'"))
    }

    @Test func aTabIsNamed() {
        let text = "id: w\nversion: 1\nlead: lead-office\nstages:\n\t- id: review\n"
        #expect(error(text).hasPrefix("w.yaml:5:"))
        #expect(error(text).contains("tab"))
    }

    @Test func anUnclosedBracketIsNamedWhereItOpened() {
        let text = "id: w\nversion: 1\nlead: lead-office\nstages:\n  - id: review\n    parties: [unit-a, unit-b\n    complete_within: 2h\n"
        #expect(error(text).hasPrefix("w.yaml:6:14: error: a list opened with '[' here is not closed"))
    }

    @Test func anUnclosedQuoteIsNamedWhereItOpened() {
        let text = "id: w\nversion: 1\ntitle: \"企业开办\nlead: lead-office\n"
        #expect(error(text).hasPrefix("w.yaml:3:8: error: a quote opened here is never closed"))
    }
}
