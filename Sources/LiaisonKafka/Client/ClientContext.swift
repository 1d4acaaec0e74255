import Logging

/// What librdkafka's log and error callbacks find through a client's opaque pointer.
///
/// Each kind of client has a context class of its own, holding only what its callbacks use:
/// `ConsumerContext` (rebalances, errors for the next poll), `ProducerContext` (delivery
/// tallies) and `LogOnlyContext` (the admin client, the mock cluster's host). The client's
/// `RDKafkaHandle` keeps its context alive as long as librdkafka may call into it.
protocol ClientContext: AnyObject, Sendable {
    /// Where librdkafka's log lines and client-level errors are logged.
    var logger: Logger { get }

    /// Receives each client-level error librdkafka reports (brokers unreachable, fatal
    /// idempotence errors), after it was logged.
    func clientError(_ error: KafkaError)
}

extension Unmanaged where Instance == AnyObject {
    /// The context a client's opaque pointer points at, whatever its kind.
    static func clientContext(_ opaque: UnsafeMutableRawPointer) -> (any ClientContext)? {
        fromOpaque(opaque).takeUnretainedValue() as? any ClientContext
    }
}

/// The context of a client whose callbacks only log: its errors reach the caller as the
/// results of its own calls (metadata, topic creation), so a client-level error is only logged.
final class LogOnlyContext: ClientContext {
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func clientError(_ error: KafkaError) {}
}
