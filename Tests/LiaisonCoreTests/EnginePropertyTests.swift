import Testing
@testable import LiaisonCore

@Suite("Invariants over random event sequences")
struct EnginePropertyTests {
    static let units = ["unit-a", "unit-b", "unit-c", "unit-z", "lead-office", "stranger"]
    static let matters = ["joint", "chain", "vote", "first"]

    /// A random event for case `caseID` at minute `minute`.
    static func randomEvent(_ random: inout SeededGenerator, caseID: String, number: Int, minute: Int) -> CloudEvent {
        let unit = units.randomElement(using: &random)!
        let type = EventType.allCases.randomElement(using: &random)!
        var data: [(String, JSONValue)] = []
        switch type {
        case .caseOpened: data = [("matter", .string(matters.randomElement(using: &random)!))]
        case .taskCompleted: data = [("outcome", .string(TaskOutcome.allCases.randomElement(using: &random)!.rawValue))]
        case .taskReassigned: data = [("from", .string(units.randomElement(using: &random)!)), ("to", .string(units.randomElement(using: &random)!))]
        case .taskRated: data = [("unit", .string(units.randomElement(using: &random)!)), ("score", .integer(Int64.random(in: 1...5, using: &random)))]
        default: break
        }
        // Occasionally reuse an earlier id to exercise duplicate handling.
        let id = number > 3 && Int.random(in: 0..<10, using: &random) == 0 ? "e\(Int.random(in: 0..<number, using: &random))" : "e\(number)"
        return CloudEvent(id: id, unit: unit, type: type, caseID: caseID, time: EngineFixtures.minutes(minute), data: .object(data))
    }

    func checkInvariants(_ simulation: Simulation, caseID: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let state = simulation.states[caseID] else { return }
        #expect(try CaseState(decoding: state.encoded()) == state, sourceLocation: sourceLocation)
        #expect(state.earliestPendingDue == state.pendingTimers.first?.due, sourceLocation: sourceLocation)
        let pending = Set(simulation.timers.pending.map(\.id))
        guard state.status == .open else {
            if state.status.isClosed { #expect(!pending.contains { $0.hasPrefix(caseID + "/") }, sourceLocation: sourceLocation) }
            return
        }
        for task in state.tasks where task.status.isOpen && task.pausedAt == nil {
            for timer in task.timers {
                #expect(pending.contains(state.timerID(task, timer)), "lost timer \(state.timerID(task, timer))", sourceLocation: sourceLocation)
            }
            if task.status != .declined, let due = task.completeBy, due > simulation.clock {
                #expect(task.timers.contains { $0.kind == .deadline && $0.deadline == .complete }, "open task without deadline timer", sourceLocation: sourceLocation)
            }
        }
    }

    /// The random events of one seed: the case opens with the third event.
    static func events(seed: Int) -> [CloudEvent] {
        var random = SeededGenerator(seed: UInt64(seed) &* 7919 &+ 1)
        let caseID = "P\(seed)"
        var minute = 0
        return (0..<60).map { number in
            minute += Int.random(in: 0...90, using: &random)
            return number == 2
                ? CloudEvent(id: "open", unit: "service-window", type: .caseOpened, caseID: caseID, time: EngineFixtures.minutes(minute),
                             data: .object([("matter", .string(matters[seed % matters.count]))]))
                : randomEvent(&random, caseID: caseID, number: number, minute: minute)
        }
    }

    @Test(arguments: 0..<12)
    func replayingTheSameRandomEventsGivesIdenticalBytes(seed: Int) throws {
        func run() throws -> [[UInt8]] {
            var simulation = Simulation(engine: Engine(catalog: try EngineFixtures.catalog()), start: EngineFixtures.start)
            for event in Self.events(seed: seed) { simulation.feed(event) }
            simulation.runUntilIdle()
            return simulation.outputs.map { Array($0.id.utf8) + $0.value } + simulation.states.keys.sorted().map { simulation.states[$0]!.encoded() }
        }
        #expect(try run() == run())
    }

    @Test(arguments: 0..<100)
    func randomSequencesKeepTheInvariants(seed: Int) throws {
        var simulation = Simulation(engine: Engine(catalog: try EngineFixtures.catalog()), start: EngineFixtures.start)
        let caseID = "P\(seed)"
        for event in Self.events(seed: seed) {
            let before = simulation.states[caseID]
            let transition = simulation.feed(event)
            if let before, before.status.isClosed {
                // A closed case only remembers the refused event.
                var after = transition.state ?? before
                after.seenEvents = before.seenEvents
                #expect(after == before && transition.outputs.isEmpty && transition.schedule.isEmpty, "a closed case changed")
            }
            try checkInvariants(simulation, caseID: caseID)
        }
        simulation.runUntilIdle()
        try checkInvariants(simulation, caseID: caseID)
        let ids = simulation.outputs.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate output ids: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
    }
}
