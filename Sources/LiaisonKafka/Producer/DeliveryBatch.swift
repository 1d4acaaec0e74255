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

/// The outstanding messages of one `KafkaProducer.send` call.
///
/// The sending task holds one extra count until it has enqueued everything, so the batch
/// cannot complete while messages are still being added.
///
/// The batch owns the slots' memory, which librdkafka's per-message opaques point into.
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
        /// The sender, once it waits.
        var waiter: CheckedContinuation<Void, Never>?
    }

    init(count: Int) {
        self.count = count
        self.progress = Mutex(Progress(remaining: count + 1))
        self.slots = .allocate(capacity: count)
        let me = Unmanaged.passUnretained(self)
        slots.initialize(repeating: DeliverySlot(batch: me), count: count)
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

    /// Drops the sender's hold and waits until every message has a report.
    func waitForAll() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let complete = progress.withLock { progress in
                progress.remaining -= 1
                if progress.remaining > 0 { progress.waiter = continuation }
                return progress.remaining == 0
            }
            if complete { continuation.resume() }
        }
    }

    /// Counts `reports` more messages as done; the last one resumes the sender.
    func release(_ reports: Int) {
        let waiter = progress.withLock { progress in
            progress.remaining -= reports
            guard progress.remaining == 0 else { return CheckedContinuation<Void, Never>?.none }
            defer { progress.waiter = nil }
            return progress.waiter
        }
        waiter?.resume()
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
