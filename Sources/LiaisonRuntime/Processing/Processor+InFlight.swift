import LiaisonCore
import LiaisonStore

/// The batch whose commit runs while the processor computes the next one, and what is done
/// once it lands.
extension Processor {
    /// A batch whose commit was started and not yet waited for.
    struct InFlightBatch {
        let task: Task<Void, any Error>
        let builder: BatchBuilder
        /// What the batch was computed from, to apply again should its commit be fenced.
        let records: [InboundRecord]
        let timers: [StoredTimer]
        /// The batch as committed, with the leases it was committed under.
        let batch: StoreBatch
        let started: ContinuousClock.Instant
        let committing: ContinuousClock.Instant
        let now: Timestamp
    }

    /// Waits for the batch in flight to commit, then does what follows a commit: operator
    /// metrics, the publisher's doorbell, the dead-letter and refusal logs, the lease tallies.
    ///
    /// A commit fenced because another instance took some of its partitions gives those up
    /// (``dropMoved(_:fenced:cache:)``) and applies the inputs of the others again from the
    /// store, committing them before it returns; it then returns true, and whatever was
    /// computed on top of the refused batch must be computed again.
    @discardableResult
    func settle(_ inFlight: inout InFlightBatch?, cache: inout StateCache,
                refusalLog: inout RefusalLogLimiter) async throws -> Bool {
        guard let batch = inFlight else { return false }
        inFlight = nil
        let outcome = await batch.task.result
        // The rebalance callbacks wait for the commit only while it runs.
        ownership.committing(nil)
        if case .failure(let error as StoreError) = outcome, error.code == .fenced {
            // Should an earlier attempt of this commit have landed, its inputs are duplicates
            // in the store now and change nothing.
            try await dropMoved(batch.batch.leases, fenced: error, cache: &cache)
            var again: InFlightBatch? = nil
            _ = try await process(records: batch.records, timers: batch.timers, now: batch.now, cache: &cache,
                                  inFlight: &again, refusalLog: &refusalLog)
            try await settle(&again, cache: &cache, refusalLog: &refusalLog)
            return true
        }
        try outcome.get()
        tally(batch.batch, records: batch.records)
        let builder = batch.builder
        let outputs = batch.batch.outbox.count
        let finished = ContinuousClock.now
        metrics.batchCommitted(outcomes: builder.outcomes, outputs: outputs,
                               batchTime: finished - batch.started, commitTime: finished - batch.committing)
        if outputs > 0 { doorbell.ring() }
        metrics.recentDeadLetters.record(builder.deadLetterNotes)
        for refusal in builder.refusals {
            RefusalLogLimiter.write(refusalLog.admit(refusal, now: batch.now.milliseconds), to: logger, window: Self.refusalLogWindow)
        }
        for calendar in metrics.calendarUncovered(builder.uncoveredCalendars) {
            logger.warning("a deadline reaches past the years calendar \(calendar) covers; it was computed with the working week alone (calendarCovered: false). Add the next year's holidays to the calendar file.",
                           metadata: ["calendar": "\(calendar)"])
        }
        return false
    }
}
