import Testing
@testable import LiaisonCore

@Suite("Loading workflow definitions")
struct WorkflowLoadingTests {
    static let good = EngineFixtures.parallel

    /// Loads one workflow text and returns the diagnostics it caused (empty when it loaded).
    func problems(_ text: String, calendars: [SourceFile] = []) -> [Diagnostic] {
        do {
            _ = try WorkflowCatalog.load(workflows: [SourceFile(path: "bad.yaml", text: text)], calendars: calendars)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Replaces one line of the good workflow and expects exactly one problem on `line` containing `words`.
    func expectProblem(replacing old: String, with new: String, line: Int, _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = Self.good.replacingOccurrences(of: old, with: new)
        #expect(text != Self.good, "fixture edit did not apply", sourceLocation: sourceLocation)
        let found = problems(text)
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        #expect(found.first?.line == line, "\(found)", sourceLocation: sourceLocation)
        #expect(found.first?.message.contains(words) == true, "\(found)", sourceLocation: sourceLocation)
        #expect(found.first?.description.hasPrefix("bad.yaml:\(line):") == true, sourceLocation: sourceLocation)
    }

    @Test func theExampleWorkflowsAllLoad() throws {
        let catalog = try EngineFixtures.exampleCatalog()
        #expect(catalog.workflows.map(\.id) == ["emergency-alert", "enterprise-establishment", "urban-renewal"])
        #expect(catalog.workflow(matter: "enterprise-establishment")?.calendar.id == "cn-workdays")
        #expect(catalog.workflow(matter: "urban-renewal")?.stages[1].completeWhen == .atLeast(count: 4, of: 5))
    }

    @Test func anUnknownKeyIsRefusedWithItsLine() {
        expectProblem(replacing: "    complete_when: all", with: "    complete_wen: all", line: 17, "unknown key 'complete_wen'")
    }

    @Test func aNextNamingNoStageIsRefused() {
        expectProblem(replacing: "next: { approved: end, rejected: end }", with: "next: { approved: finish, rejected: end }", line: 26, "names no stage: 'finish'")
    }

    @Test func aStageWithOneProblemStillHasItsOtherProblemsReported() {
        let text = Self.good
            .replacingOccurrences(of: "    complete_when: all", with: "    complete_when: \"9 of 3\"")
            .replacingOccurrences(of: "approved: decision, rejected: arbitration", with: "approved: decisoin, rejected: arbitration")
        let found = problems(text).map(\.message)
        #expect(found.contains { $0.contains("needs more approvals") }, "\(found)")
        #expect(found.contains { $0.contains("names no stage: 'decisoin'") }, "\(found)")
    }

    @Test func anUnreachableStageIsRefused() {
        expectProblem(replacing: "approved: decision, rejected: arbitration", with: "approved: decision, rejected: decision", line: 19, "can never be reached")
    }

    @Test func aLoopWithNoWayOutIsRefused() {
        let text = Self.good.replacingOccurrences(of: "next: { approved: decision, rejected: end }", with: "next: { approved: review, rejected: review }")
            .replacingOccurrences(of: "next: { approved: end, rejected: end }", with: "next: { approved: arbitration, rejected: arbitration }")
        let found = problems(text)
        #expect(found.map(\.line) == [8, 19, 23])
        #expect(found.allSatisfy { $0.message.contains("loop with no way out") })
    }

    @Test func aBadDurationIsRefused() {
        expectProblem(replacing: "accept_within: 1h", with: "accept_within: 1 fortnight", line: 11, "not a duration")
    }

    @Test func aQuorumLargerThanThePartiesIsRefused() {
        let text = EngineFixtures.quorum.replacingOccurrences(of: "\"2 of 3\"", with: "\"4 of 3\"")
        let found = problems(text)
        #expect(found.count == 1)
        #expect(found.first?.line == 9)
        #expect(found.first?.message.contains("more approvals than the stage has parties") == true)
    }

    @Test func anUnknownCalendarIsRefused() {
        expectProblem(replacing: "lead: lead-office", with: "calendar: mars-workdays\nlead: lead-office", line: 5, "unknown calendar 'mars-workdays'")
    }

    @Test func aBadUnitReferenceIsRefused() {
        expectProblem(replacing: "{ from: data.collaborators,", with: "{ from: collaborators,", line: 10, "must name an event field as data.FIELD")
        expectProblem(replacing: "lead: lead-office", with: "lead: Lead Office", line: 5, "is not a unit id")
    }

    @Test func percentMarksOutOfOrderAreRefused() {
        expectProblem(replacing: "remind_at: [50%, 80%]", with: "remind_at: [80%, 50%]", line: 13, "must rise")
    }

    @Test func anEscalationTargetMustBeAUnitSupervisorOrLead() {
        expectProblem(replacing: "to: mayor-office", with: "to: The Mayor", line: 16, "not a unit id, 'supervisor' or 'lead'")
    }

    @Test func aDuplicateIdAndVersionIsRefused() {
        let files = [SourceFile(path: "a.yaml", text: Self.good), SourceFile(path: "b.yaml", text: Self.good)]
        #expect(throws: DefinitionErrors.self) { try WorkflowCatalog.load(workflows: files, calendars: []) }
        do {
            _ = try WorkflowCatalog.load(workflows: files, calendars: [])
        } catch {
            #expect(error.diagnostics.map(\.description) == ["b.yaml:1:5: error: workflow 'joint' version 1 is already defined in a.yaml"])
        }
    }

    @Test func everyProblemOfEveryFileIsReportedAndNothingLoads() {
        let bad = Self.good.replacingOccurrences(of: "accept_within: 1h", with: "accept_within: soon")
            .replacingOccurrences(of: "mode: parallel", with: "mode: sideways")
        let files = [SourceFile(path: "ok.yaml", text: EngineFixtures.sequential), SourceFile(path: "bad.yaml", text: bad),
                     SourceFile(path: "worse.yaml", text: "id: [")]
        do {
            _ = try WorkflowCatalog.load(workflows: files, calendars: [])
            Issue.record("a bad set loaded")
        } catch {
            #expect(error.diagnostics.map(\.line) == [9, 11, 2])
            #expect(error.diagnostics.map(\.file) == ["bad.yaml", "bad.yaml", "worse.yaml"])
        }
    }

    @Test func newCasesTakeTheHighestVersionAndOldOnesKeepTheirs() throws {
        let v2 = Self.good.replacingOccurrences(of: "version: 1", with: "version: 2")
        let catalog = try WorkflowCatalog.load(workflows: [SourceFile(path: "v2.yaml", text: v2), SourceFile(path: "v1.yaml", text: Self.good)], calendars: [])
        #expect(catalog.workflow(matter: "joint")?.version == 2)
        #expect(catalog.workflow(id: "joint", version: 1)?.file == "v1.yaml")
    }
}

@Suite("Workflows name registered units only")
struct UnitRegistryTests {
    static let units = """
        units:
          - { id: service-window, name: 窗口 }
          - { id: lead-office, name: 牵头 }
          - { id: fire-safety, name: 消防, name_en: Fire safety, topic: dept.fire-safety }
        """

    @Test func anUnregisteredUnitIsRefusedAtItsLineWithASuggestion() throws {
        let workflow = """
            id: w
            version: 1
            start: { on: gov.case.opened, when: { matter: w }, by: [service-window] }
            lead: lead-office
            stages:
              - id: review
                parties: [fire-safty]
                complete_within: 1h
                escalate:
                  - { at: 100%, to: mayor-office }
                next: { approved: end, rejected: end }
            """
        do {
            _ = try WorkflowCatalog.load(workflows: [SourceFile(path: "w.yaml", text: workflow)], calendars: [],
                                         units: SourceFile(path: "units.yaml", text: Self.units))
            Issue.record("loaded")
        } catch {
            let text = error.description
            #expect(text.contains("w.yaml:7:") && text.contains("'fire-safty' is not a registered unit (did you mean 'fire-safety'?)"), "\(text)")
            #expect(text.contains("w.yaml:10:") && text.contains("'mayor-office' is not a registered unit"), "\(text)")
        }
    }

    @Test func theRegistryKeepsNamesAndTopics() throws {
        let registry = try UnitRegistry.parse(yaml: Self.units, file: "units.yaml")
        #expect(registry.units.last == .init(id: "fire-safety", name: "消防", nameEnglish: "Fire safety", topic: "dept.fire-safety"))
    }

    @Test func aUnitRegisteredTwiceIsRefused() {
        #expect(throws: DefinitionErrors.self) {
            try UnitRegistry.parse(yaml: "units:\n  - { id: tax, name: a }\n  - { id: tax, name: b }\n", file: "units.yaml")
        }
    }

    @Test func theSharedExamplesLoadWithTheirRegistry() throws {
        let catalog = try EngineFixtures.exampleCatalog(includingDemos: true)
        #expect(catalog.units?.contains("fire-safety") == true)
        #expect(catalog.workflow(matter: "urban-renewal")?.openers == ["planning"])
    }
}
