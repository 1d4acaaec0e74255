/// What a processing loop needs of a consumer-group member: join the group, poll events in
/// order, leave. ``KafkaConsumer`` is the one used in production; the seam lets a test drive
/// a loop with scripted events, without a broker.
public protocol ConsumerEventSource: Sendable {
    /// Joins the group for `topics` (see ``KafkaConsumer/subscribe(topics:)``).
    func subscribe(topics: [String]) throws

    /// Waits up to `timeout` for something to happen and returns it in order: assignments,
    /// revocations and up to `maxMessages` messages; empty when the time-out passed quietly.
    func poll(maxMessages: Int, timeout: Duration) async throws -> [ConsumerEvent]

    /// Leaves the group; later polls fail.
    func close() async throws
}

extension KafkaConsumer: ConsumerEventSource {}
