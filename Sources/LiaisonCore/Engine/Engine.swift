/// The joint-case state machine: a pure function of (input, state, now) → transition.
///
/// It reads no clock and does no IO, so the daemon, `simulate` and tests drive it alike.
public struct Engine: Sendable {
    /// The workflows and calendars cases follow.
    public let catalog: WorkflowCatalog
    /// Limits (inbox TTL, clock skew).
    public let settings: EngineSettings

    /// Creates an engine over a loaded catalog.
    public init(catalog: WorkflowCatalog, settings: EngineSettings = EngineSettings()) {
        self.catalog = catalog
        self.settings = settings
    }

    /// Applies one input to a case's state (nil when the case is unknown) at instant `now`.
    ///
    /// A refusal leaves the state unchanged; a duplicate event id changes nothing at all.
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
        if let state, state.seenEventIDs.contains(event.id) || state.inbox.contains(where: { $0.event.id == event.id }) {
            return .duplicateEvent
        }
        let time = event.time ?? now
        if time.milliseconds(since: now) > settings.maxFutureSkew.wholeMilliseconds {
            return .refused(Refusal(code: "future-time", reason: "time \(time.rfc3339) is more than \(settings.maxFutureSkew) ahead of \(now.rfc3339)"))
        }
        if event.type == .caseOpened {
            return open(event: event, time: time, state: state, now: now)
        }
        guard let state, state.status != .inbox else {
            return park(event: event, state: state ?? CaseState(inboxFor: event.caseID), now: now)
        }
        guard let workflow = catalog.workflow(id: state.workflowID, version: state.version) else {
            return .refused(Refusal(code: "unknown-workflow", reason: "workflow \(state.workflowID) version \(state.version) is no longer loaded"))
        }
        var step = Step(state: state, workflow: workflow)
        do {
            try step.handle(event, at: time)
        } catch {
            return .refused(error)
        }
        step.state.seenEventIDs.append(event.id)
        return step.transition()
    }

    /// Parks an event for a case that has not opened yet, with an expiry timer.
    private func park(event: CloudEvent, state: CaseState, now: Timestamp) -> Transition {
        guard state.inbox.count < settings.inboxLimit else {
            return .refused(Refusal(code: "inbox-full", reason: "case \(state.caseID) has not opened and already holds \(state.inbox.count) waiting events"))
        }
        var next = state
        let expires = now.adding(milliseconds: settings.inboxTTL.wholeMilliseconds)
        next.inbox.append(CaseState.ParkedEvent(event: event, expires: expires))
        var transition = Transition.nothing
        transition.state = next
        transition.schedule = [TimerEntry(id: next.inboxTimerID(event.id), caseID: next.caseID, due: expires)]
        return transition
    }

    /// Handles a fired timer: an inbox expiry or a task mark.
    private func fire(timerID: String, due: Timestamp, state: CaseState) -> Transition {
        if let index = state.inbox.firstIndex(where: { state.inboxTimerID($0.event.id) == timerID }) {
            var next = state
            let parked = next.inbox.remove(at: index)
            var transition = Transition.nothing
            transition.state = next
            transition.refusal = Refusal(code: "inbox-expired", reason: "case \(state.caseID) did not open before \(parked.expires.rfc3339)", event: parked.event)
            return transition
        }
        guard state.status == .open, let workflow = catalog.workflow(id: state.workflowID, version: state.version) else { return .nothing }
        var step = Step(state: state, workflow: workflow)
        guard step.fire(timerID: timerID, due: due) else { return .nothing }
        return step.transition()
    }
}
