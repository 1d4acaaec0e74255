import LiaisonStore

extension Processor {
    /// Counts a committed batch against the leases it was committed under: its inbound records
    /// and the timer marks its cases' histories record as fired, per partition.
    func tally(_ batch: StoreBatch, records: [InboundRecord]) {
        var inputs: [Int32: Int] = [:]
        for record in records where batch.offsets[record.partition] != nil {
            inputs[record.partition, default: 0] += 1
        }
        var timers: [Int32: Int] = [:]
        for entry in batch.history where entry.kind == .timer {
            if let partition = batch.caseStates[entry.caseID]?.partition { timers[partition, default: 0] += 1 }
        }
        ownership.committed(inputs: inputs, timersFired: timers)
    }

    /// Logs what this instance committed under leases it no longer holds (`why`: revoked,
    /// fenced, stopping), so that the logs of a cluster say who applied what.
    func logEnded(_ tenures: [Tenure], why: String) {
        guard !tenures.isEmpty else { return }
        logger.info("leases ended", metadata: [
            "why": "\(why)",
            "leases": "\(tenures.map { "\($0.name) inputs=\($0.inputs) timers=\($0.timersFired)" })",
        ])
    }
}
