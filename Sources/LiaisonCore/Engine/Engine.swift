/// The joint-case state machine: a pure function of (input, state, now) → transition.
///
/// It reads no clock and does no IO, so the daemon, `simulate` and tests drive it alike.
public struct Engine: Sendable {
    /// The workflows, calendars and registered units cases follow.
    public let catalog: WorkflowCatalog
    /// Limits (inbox size and life, clock skew, remembered event ids).
    public let settings: EngineSettings
    /// ``WorkflowCatalog/windowCalendar``, worked out once.
    let windowCalendar: BusinessCalendar

    /// Creates an engine over a loaded catalog.
    public init(catalog: WorkflowCatalog, settings: EngineSettings = EngineSettings()) {
        self.catalog = catalog
        self.settings = settings
        self.windowCalendar = catalog.windowCalendar
    }

    /// Applies one input to a case's state (nil when the case is unknown) at instant `now`.
    ///
    /// An event the case already decided (same sender and id) changes nothing at all, whether
    /// it was applied or refused the first time: a redelivery after a crash gives the result
    /// the first delivery gave.
    public func apply(_ input: EngineInput, to state: CaseState?, now: Timestamp) -> Transition {
        switch input {
        case .event(let event):
            return apply(event: event, to: state, now: now)
        case .timer(let id, let due):
            guard let state else { return .nothing }
            return fire(timerID: id, due: due, state: state)
        }
    }

    private func apply(event: CloudEvent, to state: CaseState?, now: Timestamp) -> Transition {
        if let state, state.hasSeen(event) {
            return .duplicateEvent
        }
        let time = event.time ?? now
        if let refusal = checkTime(time, now: now) {
            return refused(refusal, event: event, state: state)
        }
        if event.type == .caseOpened {
            return open(event: event, time: time, state: state, now: now)
        }
        guard let state, state.status != .inbox else {
            return park(event: event, state: state ?? CaseState(inboxFor: event.caseID), now: now)
        }
        guard let workflow = catalog.workflow(id: state.workflowID, version: state.version) else {
            return refused(Refusal(.unknownWorkflow, "workflow \(state.workflowID) version \(state.version) is no longer loaded"),
                           event: event, state: state)
        }
        var step = Step(state: state, workflow: workflow, units: catalog.units)
        step.dayCalendar = windowCalendar
        do {
            try step.handle(event, at: time)
        } catch {
            return refused(error, event: event, state: state)
        }
        step.state.remember(event, limit: settings.seenEventsPerUnit)
        return step.transition()
    }

    /// A refusal. When the case exists, its state is stored with the event remembered, so that
    /// the same event delivered again is a duplicate whatever the case has become by then.
    /// Without a case there is nothing to remember in: the refusals possible then depend on the
    /// event and the catalog alone.
    func refused(_ refusal: Refusal, event: CloudEvent, state: CaseState?) -> Transition {
        var transition = Transition.refused(refusal)
        if var state {
            state.remember(event, limit: settings.seenEventsPerUnit)
            transition.state = state
        }
        return transition
    }

    /// Refuses an event time too far ahead of or behind the engine's clock.
    private func checkTime(_ time: Timestamp, now: Timestamp) -> Refusal? {
        if time.milliseconds(since: now) > settings.maxFutureSkew.wholeMilliseconds {
            return Refusal(.futureTime, "time \(time.rfc3339) is more than \(settings.maxFutureSkew) ahead of \(now.rfc3339)")
        }
        if now.milliseconds(since: time) > settings.maxPastSkew.wholeMilliseconds {
            return Refusal(.pastTime, "time \(time.rfc3339) is more than \(settings.maxPastSkew) before \(now.rfc3339)")
        }
        return nil
    }

    /// Parks an event for a case that has not opened yet, with an expiry timer.
    private func park(event: CloudEvent, state: CaseState, now: Timestamp) -> Transition {
        guard state.inbox.count < settings.inboxLimit else {
            return refused(Refusal(.inboxFull, "case \(state.caseID) has not opened and already holds \(state.inbox.count) waiting events"),
                           event: event, state: state)
        }
        let held = state.inbox.reduce(0) { $0 + $1.event.approximateSize }
        guard held + event.approximateSize <= settings.inboxMaxBytes else {
            return refused(Refusal(.inboxFull, "case \(state.caseID) has not opened and its waiting events already hold \(held) bytes"),
                           event: event, state: state.inbox.isEmpty ? nil : state)
        }
        var next = state
        let expires = now.adding(milliseconds: settings.inboxTTL.wholeMilliseconds)
        next.inbox.append(CaseState.ParkedEvent(event: event, expires: expires))
        var transition = Transition.nothing
        transition.state = next
        transition.schedule = [TimerEntry(id: next.inboxTimerID(event), caseID: next.caseID, due: expires)]
        return transition
    }

    /// Handles a fired timer: an inbox expiry or a task mark.
    private func fire(timerID: String, due: Timestamp, state: CaseState) -> Transition {
        if let index = state.inbox.firstIndex(where: { state.inboxTimerID($0.event) == timerID || state.legacyInboxTimerID($0.event) == timerID }) {
            var next = state
            let parked = next.inbox.remove(at: index)
            var transition = Transition.nothing
            transition.state = next
            // A case that never opened and waits for nothing more leaves no row behind.
            transition.deletesCase = next.status == .inbox && next.inbox.isEmpty
            transition.refusal = Refusal(.inboxExpired, "case \(state.caseID) did not open before \(parked.expires.rfc3339)", event: parked.event)
            return transition
        }
        guard state.status == .open, let workflow = catalog.workflow(id: state.workflowID, version: state.version) else { return .nothing }
        var step = Step(state: state, workflow: workflow, units: catalog.units)
        step.dayCalendar = windowCalendar
        guard step.fire(timerID: timerID, due: due) else { return .nothing }
        return step.transition()
    }
}
