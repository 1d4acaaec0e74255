/// Replays events through the engine on a virtual clock, firing timers as time passes.
///
/// Pure: the caller feeds decoded events (or the errors of lines it could not decode) and reads
/// the timeline and per-unit summary. `liaison simulate` and the tests both drive it.
public struct Simulation: Sendable {
    /// The engine replayed through.
    public let engine: Engine
    /// Case states by id.
    public internal(set) var states: [String: CaseState] = [:]
    /// Timers not yet fired.
    public internal(set) var timers = TimerQueue()
    /// What happened, in order.
    public internal(set) var timeline: [TimelineEntry] = []
    /// Every output the engine produced, in order.
    public internal(set) var outputs: [OutboundMessage] = []
    /// Every metric delta, in order.
    public internal(set) var metrics: [MetricDelta] = []
    /// Tasks whose deadlines reached past a calendar's covered years, by calendar id (see
    /// `Transition.uncoveredCalendars`).
    public internal(set) var uncoveredCalendars: [String: Int] = [:]
    /// Every task, stage visit and chase so far, for `report`.
    public internal(set) var ledger = SimulationLedger()
    /// The virtual clock.
    public internal(set) var clock: Timestamp
    /// Safety stop for `runUntilIdle`: at most this many timer firings.
    public var maxFirings = 1_000_000

    /// A simulation starting at `start` (the first event's time moves it forward).
    public init(engine: Engine, start: Timestamp = Timestamp(milliseconds: 0)) {
        self.engine = engine
        self.clock = start
    }

    /// Moves the clock to the event's time (firing every timer due before it) and applies it.
    @discardableResult
    public mutating func feed(_ event: CloudEvent) -> Transition {
        if let time = event.time { advance(to: time) }
        return apply(.event(event), caseID: event.caseID, at: clock)
    }

    /// Records a line that could not be decoded; the run goes on.
    public mutating func noteMalformed(line: Int, error: EventError) {
        timeline.append(TimelineEntry(time: clock, localTime: displayCalendar.localTime(of: clock), caseID: "-", unit: nil, kind: .malformed,
                                      message: .malformed(line: line, code: error.code, reason: error.reason)))
    }

    /// Fires, in (due, id) order, every timer due at or before `limit`, then sets the clock to it.
    public mutating func advance(to limit: Timestamp) {
        var fired = 0
        while fired < maxFirings, let timer = timers.pop(dueBy: limit) {
            clock = max(clock, timer.due)
            apply(.timer(id: timer.id, due: timer.due), caseID: timer.caseID, at: timer.due)
            fired += 1
        }
        clock = max(clock, limit)
    }

    /// Fires timers until none is left (or `maxFirings` is reached).
    public mutating func runUntilIdle() {
        var fired = 0
        while fired < maxFirings, let next = timers.peek() {
            advance(to: next.due)
            fired += 1
        }
    }

    @discardableResult
    private mutating func apply(_ input: EngineInput, caseID: String, at now: Timestamp) -> Transition {
        let transition = engine.apply(input, to: states[caseID], now: now)
        for id in transition.cancel { timers.cancel(id) }
        for entry in transition.schedule { timers.schedule(entry) }
        if transition.deletesCase {
            states[caseID] = nil
        } else if let state = transition.state {
            states[caseID] = state
        }
        outputs += transition.outputs
        metrics += transition.metrics
        for calendar in transition.uncoveredCalendars { uncoveredCalendars[calendar, default: 0] += 1 }
        let version = (transition.state ?? states[caseID])?.version ?? 0
        for message in transition.outputs { ledger.note(message, version: version) }
        record(transition, input: input, caseID: caseID, at: now)
        return transition
    }

    /// The calendar a case's times are shown in: its workflow's, else `displayCalendar`.
    func calendar(of caseID: String) -> BusinessCalendar {
        workflow(of: caseID)?.calendar ?? displayCalendar
    }

    /// The workflow version a case follows, once it is open.
    func workflow(of caseID: String) -> Workflow? {
        guard let state = states[caseID] else { return nil }
        return engine.catalog.workflow(id: state.workflowID, version: state.version)
    }

    /// The calendar for times that belong to no open case (inbox, malformed lines, `--until`
    /// dates): the one calendar the workflows use, or UTC when they use none or several.
    public var displayCalendar: BusinessCalendar {
        let used = Set(engine.catalog.workflows.map(\.calendar).filter { $0 != .alwaysOpen })
        return used.count == 1 ? used.first! : .alwaysOpen
    }

    /// The per-unit, per-workflow and per-stage numbers at the current virtual time.
    public var report: SimulationReport { SimulationReport(ledger: ledger, catalog: engine.catalog, at: clock) }

    /// One warning per calendar that deadlines reached past the covered years of.
    public var coverageWarningMessages: [SimulationMessage] {
        uncoveredCalendars.keys.sorted().map { id in
            .coverageWarning(tasks: uncoveredCalendars[id] ?? 0, calendar: id, years: engine.catalog.calendars[id]?.coveredYearsDescription)
        }
    }

    /// The coverage warnings in English.
    public var coverageWarnings: [String] { coverageWarningMessages.map { $0.text(.english) } }

}
