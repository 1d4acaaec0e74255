/// Wakes the publisher when a commit put new rows in the outbox, so outputs leave at once
/// instead of at the next poll. Rings coalesce: many commits during one send make one wake-up.
public final class Doorbell: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    /// Creates a doorbell that has not rung.
    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Signals new work.
    public func ring() {
        continuation.yield()
    }

    /// Ends the rings: the listener finishes after the last one.
    public func close() {
        continuation.finish()
    }

    /// The rings, for the one listener.
    public var rings: AsyncStream<Void> { stream }
}
