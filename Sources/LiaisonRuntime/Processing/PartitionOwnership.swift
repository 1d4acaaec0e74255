import LiaisonStore
import Synchronization

/// The inbound partitions this instance owns right now, with the store epochs it owns them under.
///
/// Written from the consumer's rebalance callback (on librdkafka's thread, before any record of a
/// new partition is delivered) and read by the processing loop.
final class PartitionOwnership: Sendable {
    private let leases = Mutex<[Int32: PartitionLease]>([:])
    /// What was committed under each current lease.
    private let tallies = Mutex<[Int32: Tenure]>([:])
    private let failure = Mutex<String?>(nil)
    /// The commit of the processor's batch in flight, if any.
    private let commitInFlight = Mutex<Task<Void, any Error>?>(nil)

    /// Records the commit the processor has started (nil once it has settled it).
    func committing(_ task: Task<Void, any Error>?) {
        commitInFlight.withLock { $0 = task }
    }

    /// Waits until the batch in flight has committed or failed. The rebalance callbacks call it
    /// before partitions change hands: a batch computed under the old assignment lands first,
    /// so a rebalance never fences it and a new lease reads the offsets it committed.
    func waitForCommitInFlight() async {
        let task = commitInFlight.withLock { $0 }
        _ = await task?.result
    }

    /// Notes that partitions could not be acquired; the processing loop stops the daemon
    /// rather than read them from an offset the store did not choose.
    func failed(_ reason: String) {
        failure.withLock { $0 = $0 ?? reason }
    }

    /// Why acquiring partitions failed, if it did.
    var failureReason: String? {
        failure.withLock { $0 }
    }

    /// Records freshly acquired leases.
    func gained(_ new: [PartitionLease]) {
        leases.withLock { map in
            for lease in new { map[lease.partition] = lease }
        }
        tallies.withLock { map in
            for lease in new { map[lease.partition] = Tenure(lease: lease) }
        }
    }

    /// Forgets partitions taken away by a rebalance (or found taken by a fenced commit), and
    /// returns what this instance committed under each of their leases.
    @discardableResult
    func lost(_ partitions: [Int32]) -> [Tenure] {
        leases.withLock { map in
            for partition in partitions { map[partition] = nil }
        }
        return tallies.withLock { map in
            partitions.compactMap { map.removeValue(forKey: $0) }
        }
    }

    /// Counts a committed batch's inputs and fired timer marks against the current leases.
    func committed(inputs: [Int32: Int], timersFired: [Int32: Int]) {
        tallies.withLock { map in
            for (partition, count) in inputs { map[partition]?.inputs += count }
            for (partition, count) in timersFired { map[partition]?.timersFired += count }
        }
    }

    /// The current leases with what was committed under each so far.
    func tenures() -> [Tenure] {
        tallies.withLock { Array($0.values) }.sorted { $0.lease.partition < $1.lease.partition }
    }

    /// The current leases, for a batch.
    func current() -> [PartitionLease] {
        leases.withLock { Array($0.values) }.sorted { $0.partition < $1.partition }
    }

    /// The owned partitions.
    var partitions: [Int32] {
        current().map(\.partition)
    }

    /// The lease of one partition, if owned.
    func lease(of partition: Int32) -> PartitionLease? {
        leases.withLock { $0[partition] }
    }
}

/// One lease held by this instance and what it committed under it: logged when the lease ends,
/// so that the log tells which instance applied which inputs and fired which timers.
struct Tenure: Sendable, Equatable {
    /// The lease (partition and epoch).
    var lease: PartitionLease
    /// Inbound records committed under it.
    var inputs = 0
    /// Timer marks (deadlines, reminders, escalation steps) fired and committed under it.
    var timersFired = 0

    /// `partition@epochN`, as the acquisition log line names the lease.
    var name: String { "\(lease.partition)@epoch\(lease.epoch)" }
}
