import CRdKafka
import Synchronization

/// One slot per message of a batch; librdkafka's per-message opaque points at it, so a
/// delivery report finds its batch and index without any per-message allocation.
struct DeliverySlot {
    var batch: Unmanaged<DeliveryBatch>
    var partition: Int32 = -1
    var offset: Int64 = -1
    var error: rd_kafka_resp_err_t = RD_KAFKA_RESP_ERR_NO_ERROR
}

/// The outstanding messages of one `KafkaProducer.enqueue` call.
///
/// The sending task holds one extra count until it has enqueued everything, so the batch
/// cannot complete while messages are still being added.
///
/// The batch owns the slots' memory, which librdkafka's per-message opaques point into, and
/// keeps itself alive until the last report arrived: whoever enqueued it may stop waiting
/// for the reports (or never wait) without leaving librdkafka pointing at freed memory.
/// `@unchecked Sendable` is sound for this wrapper of that memory: slots are written once each
/// (by the delivery callback, or by the sender for a message that was never enqueued) before
/// the count that publishes them is decremented under `progress`'s lock, and read only after
/// the count reached zero.
final class DeliveryBatch: @unchecked Sendable {
    let slots: UnsafeMutablePointer<DeliverySlot>
    let count: Int
    private let progress: Mutex<Progress>

    private struct Progress {
        /// Messages without a report, plus one while the sender is still enqueueing.
        var remaining: Int
        /// Called once every message has a report.
        var callbacks: [@Sendable () -> Void] = []
        /// The batch itself, until every message has a report.
        var keepAlive: DeliveryBatch?
    }

    init(count: Int) {
        self.count = count
        self.progress = Mutex(Progress(remaining: count + 1))
        self.slots = .allocate(capacity: count)
        let me = Unmanaged.passUnretained(self)
        slots.initialize(repeating: DeliverySlot(batch: me), count: count)
        progress.withLock { $0.keepAlive = self }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// The per-message opaque for message `index`.
    func opaque(_ index: Int) -> UnsafeMutableRawPointer { UnsafeMutableRawPointer(slots + index) }

    /// Records a message that could not be enqueued.
    func fail(_ index: Int, error: rd_kafka_resp_err_t) {
        slots[index].error = error
        release(1)
    }

    /// Called from librdkafka's delivery-report callback with the message's opaque: fills the
    /// slot and returns its batch, whose count the poll thread settles after the poll call.
    static func deliver(
        opaque: UnsafeMutableRawPointer, partition: Int32, offset: Int64, error: rd_kafka_resp_err_t
    ) -> Unmanaged<DeliveryBatch> {
        let slot = opaque.assumingMemoryBound(to: DeliverySlot.self)
        slot.pointee.partition = partition
        slot.pointee.offset = offset
        slot.pointee.error = error
        return slot.pointee.batch
    }

    /// Drops the sender's hold, once every message is enqueued (or failed to be).
    func enqueued() {
        release(1)
    }

    /// Waits until every message has a report.
    func waitForAll() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            whenComplete { continuation.resume() }
        }
    }

    /// Calls `body` once every message has a report: now, if they all have one.
    func whenComplete(_ body: @escaping @Sendable () -> Void) {
        let complete = progress.withLock { progress -> Bool in
            if progress.remaining > 0 { progress.callbacks.append(body) }
            return progress.remaining == 0
        }
        if complete { body() }
    }

    /// Counts `reports` more messages as done; the last one runs the completion callbacks and
    /// lets the batch go once nobody else holds it.
    func release(_ reports: Int) {
        let (callbacks, last) = progress.withLock { progress -> ([@Sendable () -> Void], DeliveryBatch?) in
            progress.remaining -= reports
            guard progress.remaining == 0 else { return ([], nil) }
            defer {
                progress.callbacks = []
                progress.keepAlive = nil
            }
            return (progress.callbacks, progress.keepAlive)
        }
        for callback in callbacks { callback() }
        withExtendedLifetime(last) {}
    }

    /// The outcome of message `index`, once `waitForAll` returned.
    func result(_ index: Int, topic: String) -> Result<DeliveryReport, KafkaError> {
        let slot = slots[index]
        if slot.error == RD_KAFKA_RESP_ERR_NO_ERROR {
            return .success(DeliveryReport(topic: topic, partition: slot.partition, offset: slot.offset))
        }
        let text = String(cString: rd_kafka_err2str(slot.error))
        return .failure(KafkaError(rdCode: slot.error, reason: "delivery to topic '\(topic)' failed: \(text)"))
    }
}

/// librdkafka's delivery-report callback: fills the message's slot and tallies its batch.
/// Installed on producers only, so the client's opaque pointer is a `ProducerContext`.
let deliveryReportCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    _, message, clientOpaque in
    guard let message, let opaque = message.pointee._private, let clientOpaque else { return }
    let batch = DeliveryBatch.deliver(
        opaque: opaque,
        partition: message.pointee.partition,
        offset: message.pointee.offset,
        error: message.pointee.err
    )
    Unmanaged<ProducerContext>.fromOpaque(clientOpaque).takeUnretainedValue().tally.record(batch)
}

/// Delivery reports counted per batch during one `rd_kafka_poll` call, so that each batch's
/// lock, which its sender also takes, is taken once per poll instead of once per message.
///
/// Only the producer's poll thread touches it (delivery callbacks run inside its
/// `rd_kafka_poll`; `flush` waits without serving callbacks), so its own lock is never
/// contended; it makes that a checked guarantee.
final class DeliveryTally: Sendable {
    private struct Counts {
        var batches: [Unmanaged<DeliveryBatch>] = []
        var reports: [Int] = []
    }

    private let counts = Mutex(Counts())

    /// Counts one report for `batch`.
    func record(_ batch: Unmanaged<DeliveryBatch>) {
        counts.withLock { counts in
            if let last = counts.batches.last, last.toOpaque() == batch.toOpaque() {
                counts.reports[counts.reports.count - 1] += 1
            } else {
                counts.batches.append(batch)
                counts.reports.append(1)
            }
        }
    }

    /// Hands the counts to their batches. A batch is never touched after the release that
    /// completes it: its later reports, if any, would have kept it open.
    func settle() {
        counts.withLock { counts in
            guard !counts.batches.isEmpty else { return }
            for index in counts.batches.indices {
                counts.batches[index].takeUnretainedValue().release(counts.reports[index])
            }
            counts.batches.removeAll(keepingCapacity: true)
            counts.reports.removeAll(keepingCapacity: true)
        }
    }
}

/// Records handed to librdkafka by ``KafkaProducer/enqueue(_:)`` whose delivery reports are
/// still to come.
public struct PendingDeliveries: Sendable {
    private let batch: DeliveryBatch?
    private let failed: KafkaError?
    private let topics: [String]

    init(batch: DeliveryBatch?, topics: [String]) {
        self.batch = batch
        self.failed = nil
        self.topics = topics
    }

    /// Records none of which could be enqueued, each failing with `error`.
    init(failed error: KafkaError, topics: [String]) {
        self.batch = nil
        self.failed = error
        self.topics = topics
    }

    /// Calls `body` once every record has its report (now, if they all have one); `body`
    /// runs on the producer's poll thread and must not block.
    public func whenComplete(_ body: @escaping @Sendable () -> Void) {
        guard let batch else { return body() }
        batch.whenComplete(body)
    }

    /// Each record's delivery report, in the order they were enqueued, once every one has
    /// been acknowledged by the broker or has failed.
    public func reports() async -> [Result<DeliveryReport, KafkaError>] {
        if let failed { return topics.map { _ in .failure(failed) } }
        guard let batch else { return [] }
        await batch.waitForAll()
        return topics.indices.map { batch.result($0, topic: topics[$0]) }
    }
}
