import CRdKafka

/// What one poll gathered on the poll thread, in order: rebalance events and librdkafka
/// messages not yet converted. The batch owns its messages: `convert(_:)` destroys each one
/// after converting it, and `deinit` destroys any it never reached, so no path can leak a
/// message or free one twice.
///
/// The messages are converted on the awaiting task's thread, so that their Swift copies are
/// allocated and freed on the same thread. `@unchecked Sendable` is sound because the batch
/// is a wrapper of message pointers handed over once: the poll thread fills it and lets go,
/// then the awaiting task converts it.
final class PolledBatch: @unchecked Sendable {
    /// One thing that happened, in poll order.
    enum Item {
        case event(ConsumerEvent)
        case message(UnsafeMutablePointer<rd_kafka_message_t>)
    }

    private var items: [Item] = []

    /// An empty batch with room for `capacity` items.
    init(capacity: Int) { items.reserveCapacity(capacity) }

    deinit {
        for case .message(let message) in items { rd_kafka_message_destroy(message) }
    }

    /// The number of events and messages gathered.
    var count: Int { items.count }

    /// `true` when nothing was gathered.
    var isEmpty: Bool { items.isEmpty }

    /// Appends rebalance events.
    func append(_ events: [ConsumerEvent]) {
        for event in events { items.append(.event(event)) }
    }

    /// Takes ownership of `message`.
    func append(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        items.append(.message(message))
    }

    /// The events in order, each message turned into one by `message` and destroyed right
    /// after; the batch is empty afterwards.
    func convert(_ message: (UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage) -> [ConsumerEvent] {
        var events: [ConsumerEvent] = []
        events.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .event(let event):
                events.append(event)
            case .message(let pointer):
                events.append(.message(message(pointer)))
                rd_kafka_message_destroy(pointer)
            }
        }
        items.removeAll()
        return events
    }
}
