/// The processing loop's decisions, apart from its IO: when to settle the batch in flight, when
/// to read timers, when to checkpoint, how long to poll, when a turn has nothing to do.
///
/// ``Processor/run()`` tells it what happened (a poll's outcome, a read's result, a settled
/// commit) and performs the one ``Action`` it returns, then reports back. Being a value with
/// no clock, store or consumer, every ordering rule of the loop can be tested on its own.
struct ProcessorStateMachine {
    /// What the processor does next; the comment of each case names the method to report to.
    enum Action: Equatable, Sendable {
        /// Polls the consumer for up to `timeout`, then reports revocations to
        /// ``revoked(_:)`` and the rest to ``polled(owned:now:records:)``.
        case poll(timeout: Duration)
        /// Waits for the batch in flight to commit, and reports ``settled()``.
        case settle
        /// Gives up revoked partitions (leases, cached states, store ownership); the processor
        /// then goes on with the poll's other events.
        case releasePartitions([Int32])
        /// Reads when the earliest timer of `partitions` falls due: ``nextTimerDueRead(_:)``.
        case readNextTimerDue(partitions: [Int32])
        /// Reads up to `limit` timers due by `dueBy`: ``dueTimersRead(count:)``.
        case readDueTimers(partitions: [Int32], dueBy: Int64, limit: Int)
        /// Asks the checkpointer whether its interval has passed: ``checkpointDue(_:)``.
        case askCheckpointDue
        /// Writes the audit checkpoints that are due: ``checkpointed()``.
        case checkpoint
        /// Applies the turn's records and timers and starts their commit: ``processed(scheduled:)``.
        case process
        /// The turn is over: ``turnStarts(now:)`` polls again, ``stop()`` winds down.
        case turnEnded
        /// Nothing is in flight any more: the last checkpoint, then leave the group.
        case finish
    }

    /// Where the loop stands, so that a report of a read or a settled commit leads on.
    enum Phase: Equatable, Sendable {
        /// A turn ended (or none began): the next is a poll or a stop.
        case betweenTurns
        /// Polled; the poll's events are being handled.
        case polling
        /// Settling before these revoked partitions are released.
        case revoking([Int32])
        /// Settling before the timers of a changed partition set are looked up.
        case changingPartitions
        /// Reading the next timer due: for a changed partition set, or after a read found none due.
        case readingNextTimerDue(afterEmptyTimerRead: Bool)
        /// Settling before due timers are read.
        case settlingBeforeTimers
        /// Reading due timers.
        case readingDueTimers
        /// Asking whether a checkpoint is due.
        case askingCheckpoint
        /// Settling before a checkpoint, or writing it.
        case checkpointing
        /// Settling because the turn brought nothing to apply.
        case settlingEmptyTurn
        /// Computing the turn's batch.
        case processing
        /// Settling before the processor stops.
        case stopping
        /// Done: only the last checkpoint and leaving the group remain.
        case stopped
    }

    /// The longest poll, when no timer falls due sooner.
    let batchMaxWait: Duration
    /// How long after its due time a timer fires, in milliseconds.
    let timerGraceMilliseconds: Int64
    /// The most timers one batch fires.
    let batchMaxEvents: Int

    /// When the earliest timer of the owned partitions falls due, as last read or scheduled.
    private(set) var nextTimerDue: Int64?
    /// The owned partitions the timers were last read for.
    private(set) var knownPartitions: [Int32] = []
    /// Whether a batch's commit was started and not yet settled.
    private(set) var batchInFlight = false
    /// Which report is expected next.
    private(set) var phase: Phase = .betweenTurns

    /// What this turn polled and read: the partitions owned after the poll, the firing horizon
    /// (now less the grace), and how many records and timers there are to apply.
    private var owned: [Int32] = []
    private var firingHorizon: Int64 = 0
    private var records = 0
    private var timers = 0

    /// Creates the machine of a processor that has not polled yet.
    init(batchMaxWait: Duration, timerGrace: Duration, batchMaxEvents: Int) {
        self.batchMaxWait = batchMaxWait
        self.timerGraceMilliseconds = timerGrace.wholeMilliseconds
        self.batchMaxEvents = batchMaxEvents
    }

    /// A turn begins at `now` (milliseconds): poll for the batch wait, cut short when the next
    /// timer falls due sooner; an idle processor would otherwise fire each deadline up to a
    /// whole batch wait late.
    mutating func turnStarts(now: Int64) -> Action {
        precondition(phase == .betweenTurns, "a turn starts while \(phase)")
        phase = .polling
        guard let due = nextTimerDue else { return .poll(timeout: batchMaxWait) }
        let firesAt = due + timerGraceMilliseconds
        return .poll(timeout: min(batchMaxWait, .milliseconds(max(0, firesAt - now))))
    }

    /// The poll reported partitions taken away. The batch in flight settles first: it may hold
    /// their records, and another instance may write their cases once they are released.
    mutating func revoked(_ partitions: [Int32]) -> Action {
        precondition(phase == .polling, "a revocation reported while \(phase)")
        if let settle = settleFirst(.revoking(partitions)) { return settle }
        return .releasePartitions(partitions)
    }

    /// The poll's events are handled: `owned` partitions remain at `now` (milliseconds), with
    /// `records` records to apply.
    mutating func polled(owned: [Int32], now: Int64, records: Int) -> Action {
        precondition(phase == .polling, "a poll reported while \(phase)")
        self.owned = owned
        firingHorizon = now - timerGraceMilliseconds
        self.records = records
        timers = 0
        guard owned != knownPartitions else { return timersStep() }
        // Other partitions, other timers: read theirs after the batch in flight lands.
        knownPartitions = owned
        if let settle = settleFirst(.changingPartitions) { return settle }
        return readNextTimerDue(afterEmptyTimerRead: false)
    }

    /// The batch in flight has committed (or was fenced and applied again, and committed).
    mutating func settled() -> Action {
        batchInFlight = false
        switch phase {
        case .revoking(let partitions):
            phase = .polling
            return .releasePartitions(partitions)
        case .changingPartitions:
            return readNextTimerDue(afterEmptyTimerRead: false)
        case .settlingBeforeTimers:
            return readDueTimers()
        case .checkpointing:
            return .checkpoint
        case .settlingEmptyTurn:
            phase = .betweenTurns
            return .turnEnded
        case .stopping:
            phase = .stopped
            return .finish
        default:
            preconditionFailure("a settle reported while \(phase)")
        }
    }

    /// The store says when the earliest timer of the owned partitions falls due, if any.
    mutating func nextTimerDueRead(_ due: Int64?) -> Action {
        guard case .readingNextTimerDue(let afterEmptyTimerRead) = phase else {
            preconditionFailure("the next timer reported while \(phase)")
        }
        nextTimerDue = due
        return afterEmptyTimerRead ? checkpointStep() : timersStep()
    }

    /// The store returned `count` due timers.
    mutating func dueTimersRead(count: Int) -> Action {
        precondition(phase == .readingDueTimers, "due timers reported while \(phase)")
        timers = count
        // None left: whatever was due has fired; look for the next one.
        guard count > 0 else { return readNextTimerDue(afterEmptyTimerRead: true) }
        return checkpointStep()
    }

    /// The checkpointer says whether its interval has passed.
    mutating func checkpointDue(_ isDue: Bool) -> Action {
        precondition(phase == .askingCheckpoint, "the checkpoint's interval reported while \(phase)")
        guard isDue else { return processStep() }
        // The checkpoint covers what is committed: the batch in flight lands first.
        if let settle = settleFirst(.checkpointing) { return settle }
        phase = .checkpointing
        return .checkpoint
    }

    /// The checkpoint is written (or its failure logged).
    mutating func checkpointed() -> Action {
        precondition(phase == .checkpointing, "a checkpoint reported while \(phase)")
        return processStep()
    }

    /// The turn's batch is computed and its commit started; it schedules timers the earliest
    /// of which falls due at `scheduled`, if any.
    mutating func processed(scheduled: Int64?) -> Action {
        precondition(phase == .processing, "a batch reported while \(phase)")
        batchInFlight = true
        if let scheduled {
            // Cancelled timers can only make the true next due time later: an early
            // look at the store costs one read, a late one a late reminder.
            nextTimerDue = min(nextTimerDue ?? scheduled, scheduled)
        }
        // After firing timers, `nextTimerDue` is still due: the next turn reads the
        // store again once this batch has landed, and fires what is left or moves on.
        phase = .betweenTurns
        return .turnEnded
    }

    /// The processor is asked to stop between turns: the batch in flight settles, then finish.
    mutating func stop() -> Action {
        precondition(phase == .betweenTurns, "a stop asked while \(phase)")
        if let settle = settleFirst(.stopping) { return settle }
        phase = .stopped
        return .finish
    }

    private mutating func timersStep() -> Action {
        guard let due = nextTimerDue, due <= firingHorizon else { return checkpointStep() }
        // The batch in flight may fire or move these timers: read them after it.
        if let settle = settleFirst(.settlingBeforeTimers) { return settle }
        return readDueTimers()
    }

    private mutating func readDueTimers() -> Action {
        phase = .readingDueTimers
        return .readDueTimers(partitions: owned, dueBy: firingHorizon, limit: batchMaxEvents)
    }

    private mutating func readNextTimerDue(afterEmptyTimerRead: Bool) -> Action {
        phase = .readingNextTimerDue(afterEmptyTimerRead: afterEmptyTimerRead)
        return .readNextTimerDue(partitions: owned)
    }

    private mutating func checkpointStep() -> Action {
        phase = .askingCheckpoint
        return .askCheckpointDue
    }

    private mutating func processStep() -> Action {
        guard records > 0 || timers > 0 else {
            // Nothing new: finish the batch in flight now rather than with the next one.
            if let settle = settleFirst(.settlingEmptyTurn) { return settle }
            phase = .betweenTurns
            return .turnEnded
        }
        phase = .processing
        return .process
    }

    /// `.settle`, entering `then` to continue once it is reported, when a batch is in flight.
    private mutating func settleFirst(_ then: Phase) -> Action? {
        guard batchInFlight else { return nil }
        phase = then
        return .settle
    }
}
