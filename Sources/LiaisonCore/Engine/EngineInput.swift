/// What the engine is asked to process: an inbound event or a timer that came due.
public enum EngineInput: Hashable, Sendable {
    /// A decoded inbound CloudEvent.
    case event(CloudEvent)
    /// A timer the engine scheduled earlier, now due.
    case timer(id: String, due: Timestamp)
}
