import Logging

/// What librdkafka's callbacks need to find, reached through the client's opaque pointer:
/// the logger and the latest client-level error.
///
/// `@unchecked Sendable` is sound: `logger` is immutable and the error slot is locked.
/// Consumer rebalance state and producer delivery tallies live in companions
/// (`RebalanceState`, `DeliveryTally`) confined to the client's poll thread.
final class ClientContext: @unchecked Sendable {
    let logger: Logger
    private let lastError = Locked<KafkaError?>(nil)
    /// Set for consumers only; read by the rebalance callback.
    let rebalance: RebalanceState?
    /// Set for producers only; written by the delivery-report callback.
    let deliveryTally: DeliveryTally?

    init(logger: Logger, rebalance: RebalanceState? = nil, deliveryTally: DeliveryTally? = nil) {
        self.logger = logger
        self.rebalance = rebalance
        self.deliveryTally = deliveryTally
    }

    /// Keeps `error` until someone takes it; a fatal error is never replaced by a lesser one.
    func recordError(_ error: KafkaError) {
        lastError.withLock { slot in
            if slot?.isFatal == true && !error.isFatal { return }
            slot = error
        }
    }

    /// Returns and clears the recorded error.
    func takeError() -> KafkaError? {
        lastError.withLock { slot in
            defer { slot = nil }
            return slot
        }
    }
}
