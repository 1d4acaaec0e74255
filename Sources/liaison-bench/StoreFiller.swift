import LiaisonCore
import LiaisonKafka
import LiaisonStore

/// Writes open cases straight into a store, as the processor would have committed them after
/// their opening events (states and timers; their outputs count as long published), so that a
/// daemon can be started on a million open cases without first pushing a million events
/// through Kafka. Case `i` lives on inbound partition `i % partitions`.
struct StoreFiller {
    let engine: Engine
    let path: String
    let partitions: Int32

    /// Opens cases `range`, the opening of case `i` dated `time(i)` (ms since the epoch), so that
    /// its first deadline (acceptance) falls due `BenchWorkload.acceptWithin` seconds later.
    /// Returns the number of timers written.
    @discardableResult
    func fill(_ range: Range<Int>, time: (Int) -> Int64) throws -> Int {
        let store = try SQLiteStore(path: path, logger: KafkaLogging.silent)
        let owner = "bench-filler"
        let leases = try store.acquire(partitions: Array(0..<partitions), owner: owner)
        defer { try? store.release(partitions: Array(0..<partitions), owner: owner) }
        var timers = 0
        var start = range.lowerBound
        while start < range.upperBound {
            let end = min(range.upperBound, start + 5_000)
            var batch = StoreBatch(leases: leases)
            for index in start..<end {
                let at = Timestamp(milliseconds: time(index))
                let caseID = BenchWorkload.caseID(index)
                let event = CloudEvent(id: "\(caseID)-0", unit: BenchWorkload.opener, type: .caseOpened, caseID: caseID, time: at,
                                       data: .object([("matter", "bench"), ("title", .string("benchmark case \(index)"))]))
                let transition = engine.apply(.event(event), to: nil, now: at)
                guard let state = transition.state else {
                    throw BenchFailure(description: "the bench workflow did not open case \(index): \(String(describing: transition.refusal))")
                }
                let partition = Int32(index % Int(partitions))
                batch.caseStates[caseID] = .init(partition: partition, state: state.encoded())
                for entry in transition.schedule {
                    batch.scheduledTimers.append(StoredTimer(id: entry.id, partition: partition, caseID: caseID, due: entry.due.milliseconds))
                }
            }
            timers += batch.scheduledTimers.count
            try store.commit(batch)
            start = end
        }
        return timers
    }
}
