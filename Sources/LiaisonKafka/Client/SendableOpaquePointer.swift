/// A librdkafka handle (`rd_kafka_t`, a mock cluster, a topic) that may be used from any
/// thread: librdkafka makes these objects thread-safe for the calls this layer makes.
///
/// This wrapper is where the Kafka layer asserts that; the classes holding it stay checked
/// `Sendable`. Ownership (who destroys the handle) is the holder's business.
struct SendableOpaquePointer: @unchecked Sendable {
    /// The C handle.
    let raw: OpaquePointer
}
