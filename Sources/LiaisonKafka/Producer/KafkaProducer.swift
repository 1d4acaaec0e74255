import CRdKafka
import Foundation
import Logging
import Synchronization

/// An idempotent Kafka producer: `send` enqueues a batch of records and returns, in input
/// order, each record's delivery report once the broker acknowledged it (or it failed).
///
/// A dedicated thread polls librdkafka for delivery reports, so no Swift task ever blocks.
/// Call `close()` to flush before releasing it.
public final class KafkaProducer: Sendable {
    let handle: RDKafkaHandle
    private let poller: ProducerPollThread
    private let worker = BlockingWorker(name: "liaison.kafka.producer.blocking")
    private let closed = Mutex(false)

    /// Creates a producer. Idempotence (`enable.idempotence`) is on unless `idempotent` is
    /// `false` or `properties` say otherwise; auto-creating topics is off so that a missing
    /// topic is an error rather than a surprise topic.
    public init(configuration: KafkaConfiguration, idempotent: Bool = true, logger: Logger = KafkaLogging.silent) throws(KafkaError) {
        let defaults: [(String, String)] = [
            ("enable.idempotence", idempotent ? "true" : "false"),
            ("allow.auto.create.topics", "false"),
        ]
        let context = ProducerContext(logger: logger)
        handle = try RDKafkaHandle.make(
            type: RD_KAFKA_PRODUCER,
            properties: configuration.resolvedProperties(clientDefaults: defaults),
            context: context
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryReportCallback)
        }
        poller = ProducerPollThread(handle: handle, tally: context.tally)
    }

    deinit {
        poller.stop()
        worker.stop()
    }

    /// Enqueues every record (waiting while librdkafka's queue is full) and returns when each
    /// has a delivery report, in input order.
    ///
    /// If the task is cancelled while waiting for room, the records not yet enqueued fail at
    /// once with a retriable `_QUEUE_FULL` error; those already enqueued still get their reports.
    public func send(_ records: [KafkaRecord]) async -> [Result<DeliveryReport, KafkaError>] {
        await enqueue(records).reports()
    }

    /// Enqueues every record, as ``send(_:)`` does, and returns once they are all in
    /// librdkafka's queue, without waiting for the broker: the caller can enqueue the next
    /// batch behind them (records of one partition keep their order) and collect the reports
    /// of this one later.
    public func enqueue(_ records: [KafkaRecord]) async -> PendingDeliveries {
        guard !records.isEmpty else { return PendingDeliveries(batch: nil, topics: []) }
        if closed.withLock({ $0 }) {
            return PendingDeliveries(failed: KafkaError(code: .closed, reason: "the producer is closed"), topics: records.map(\.topic))
        }
        let batch = DeliveryBatch(count: records.count)
        let values = UnsafeMutablePointer<rd_kafka_vu_t>.allocate(capacity: RecordEncoder.slotCount)
        values.initialize(repeating: rd_kafka_vu_t(), count: RecordEncoder.slotCount)
        defer { values.deallocate() }
        var encoder = RecordEncoder(handle: handle, values: values)
        for index in records.indices {
            while true {
                let code = encoder.enqueue(records[index], opaque: batch.opaque(index))
                if code == RD_KAFKA_RESP_ERR__QUEUE_FULL && !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(1))
                    continue
                }
                if code != RD_KAFKA_RESP_ERR_NO_ERROR { batch.fail(index, error: code) }
                break
            }
        }
        batch.enqueued()
        return PendingDeliveries(batch: batch, topics: records.map(\.topic))
    }

    /// Waits until every enqueued record has been acknowledged or failed.
    /// Throws a `_TIMED_OUT` error if records remain after `timeout`.
    public func flush(timeout: Duration) async throws(KafkaError) {
        // Waits rather than calling rd_kafka_flush, which would serve delivery reports on this
        // thread too; the poll thread alone serves them.
        let handle = self.handle
        let pending = await worker.run {
            let deadline = ContinuousClock.now + timeout
            while rd_kafka_outq_len(handle.pointer) > 0, ContinuousClock.now < deadline {
                usleep(1000)
            }
            return rd_kafka_outq_len(handle.pointer)
        }
        guard pending == 0 else {
            throw KafkaError(
                code: .timedOut,
                reason: "flush: \(pending) records still unacknowledged after \(timeout)", isRetriable: true
            )
        }
    }

    /// Flushes (up to `timeout`), then stops; later sends fail with a `closed` error.
    public func close(timeout: Duration = .seconds(10)) async throws(KafkaError) {
        closed.withLock { $0 = true }
        do {
            try await flush(timeout: timeout)
        } catch {
            await stopPolling()
            throw error
        }
        await stopPolling()
    }

    /// Stops the poll thread and waits until it let go of the handle, so that releasing this
    /// producer destroys the client at once (before, say, the cluster it talks to goes away).
    private func stopPolling() async {
        let poller = self.poller
        await worker.run { poller.stopAndWait() }
    }
}

/// The thread that serves librdkafka's delivery reports and callbacks for a producer.
final class ProducerPollThread: Sendable {
    private let stopping = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    init(handle: RDKafkaHandle, tally: DeliveryTally) {
        let thread = Thread { [self] in
            while !stopping.withLock({ $0 }) {
                rd_kafka_poll(handle.pointer, 100)
                tally.settle()
            }
            finished.signal()
        }
        thread.name = "liaison.kafka.producer.poll"
        thread.start()
    }

    /// Ends the loop within one poll interval; the thread then releases the handle.
    func stop() { stopping.withLock { $0 = true } }

    /// Ends the loop and blocks until the thread has left it (at most one poll interval).
    /// Call from a thread that may block; calling it again returns at once.
    func stopAndWait() {
        stop()
        finished.wait()
        finished.signal()
    }
}
