import Testing
@testable import LiaisonCore

@Suite("Calendar coverage")
struct CalendarCoverageTests {
    static let base = "id: c\ntimezone: Asia/Shanghai\nworkweek: [mon, tue, wed, thu, fri]\nhours: [\"09:00-17:00\"]\n"

    func parse(_ extra: String) throws -> BusinessCalendar {
        try BusinessCalendar.parse(yaml: Self.base + extra, file: "c.yaml")
    }

    @Test func coversStatesTheYears() throws {
        #expect(try parse("covers: 2026\n").coveredYears == 2026...2026)
        #expect(try parse("covers: 2026..2027\nholidays: [2027-01-01]\n").coveredYears == 2026...2027)
    }

    @Test func withoutCoversTheListedDaysGiveTheYears() throws {
        #expect(try parse("holidays: [2026-10-01]\nworkdays: [2027-02-06]\n").coveredYears == 2026...2027)
        #expect(try parse("").coveredYears == nil, "a calendar listing no day claims the working week for every year")
    }

    @Test(arguments: [
        ("covers: next year\n", "c.yaml:5:9: error: 'covers' must be a year such as 2026 or a range of years such as 2026..2027"),
        ("covers: 2027..2026\n", "c.yaml:5:9: error: 'covers' must be a year such as 2026 or a range of years such as 2026..2027"),
        ("covers: 2026\nholidays: [2027-01-01]\n",
         "c.yaml:6:12: error: 2027-01-01 lies outside the years the calendar covers (2026); extend 'covers' or remove the date"),
    ])
    func aWrongCoversIsRefusedAtItsLine(extra: String, expected: String) {
        let error = #expect(throws: DefinitionErrors.self) { try parse(extra) }
        #expect(error?.description == expected)
    }

    @Test func aDeadlineIntoAnUncoveredYearIsFlaggedButStillComputed() throws {
        let calendar = try parse("covers: 2026\nholidays: [2026-10-01]\n")
        let start = try #require(Timestamp(rfc3339: "2026-12-29T02:00:00Z"))
        let due = calendar.deadline(from: start, span: .workdays(3))
        #expect(due == Timestamp(rfc3339: "2027-01-01T09:00:00Z"), "plain working week: Friday 1 January at close of business")
        #expect(!calendar.covers(span: .workdays(3), from: start))
        #expect(calendar.covers(span: .workdays(1), from: start))
        #expect(calendar.covers(span: .elapsed(milliseconds: 86_400_000 * 30), from: start), "elapsed time does not depend on holidays")
        #expect(calendar.coverageEndDescription == "2026-12-31")
        #expect(calendar.coverageEnd == Timestamp(rfc3339: "2026-12-31T16:00:00Z"))
    }
}

@Suite("Deadlines past a calendar's years")
struct EngineCalendarCoverageTests {
    func open(at time: String) throws -> (Transition, Simulation) {
        var simulation = Simulation(engine: Engine(catalog: try EngineFixtures.exampleCatalog()))
        let event = CloudEvent(id: "w-1", unit: "service-window", type: .caseOpened, caseID: "QY-1", time: Timestamp(rfc3339: time),
                               data: .object([("matter", "enterprise-establishment"), ("collaborators", .array(["tax"]))]))
        let transition = simulation.feed(event)
        return (transition, simulation)
    }

    @Test func aCaseOpenedOnTheYearsLastDaysCarriesCalendarCoveredFalse() throws {
        let (transition, simulation) = try open(at: "2026-12-29T02:00:00Z")
        let assigned = try #require(transition.outputs.first { $0.type == "liaison.task.assigned" })
        #expect(assigned.data["completeBy"]?.stringValue == "2027-01-01T09:30:00Z")
        #expect(assigned.data["calendarCovered"] == .bool(false))
        #expect(transition.uncoveredCalendars == ["cn-workdays"])
        #expect(simulation.coverageWarnings.count == 1)
        #expect(simulation.coverageWarnings.first?.contains("calendar cn-workdays covers (2026)") == true)
        #expect(simulation.timeline.contains { $0.kind == .assigned && $0.detail.contains("holidays unknown") })
    }

    @Test func aCaseWithinTheYearIsCovered() throws {
        let (transition, simulation) = try open(at: "2026-03-02T01:30:00Z")
        let assigned = try #require(transition.outputs.first { $0.type == "liaison.task.assigned" })
        #expect(assigned.data["calendarCovered"] == .bool(true))
        #expect(transition.uncoveredCalendars.isEmpty)
        #expect(simulation.coverageWarnings.isEmpty)
    }
}
