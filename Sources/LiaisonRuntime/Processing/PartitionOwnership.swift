import LiaisonStore
import Synchronization

/// The inbound partitions this instance owns right now, with the store epochs it owns them under.
///
/// Written from the consumer's rebalance callback (on librdkafka's thread, before any record of a
/// new partition is delivered) and read by the processing loop.
final class PartitionOwnership: Sendable {
    private let leases = Mutex<[Int32: PartitionLease]>([:])
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
    }

    /// Forgets partitions taken away by a rebalance.
    func lost(_ partitions: [Int32]) {
        leases.withLock { map in
            for partition in partitions { map[partition] = nil }
        }
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
