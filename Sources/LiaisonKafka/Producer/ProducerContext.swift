import Logging

/// What a producer's callbacks need: the tally the delivery-report callback fills.
final class ProducerContext: ClientContext {
    let logger: Logger
    /// Delivery reports of the current `rd_kafka_poll` call, counted per batch.
    let tally = DeliveryTally()

    init(logger: Logger) { self.logger = logger }

    /// Only logged: a producer's failures reach each caller through its records' delivery
    /// reports (a broker that stays down makes them time out).
    func clientError(_ error: KafkaError) {}
}
