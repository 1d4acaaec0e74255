import Logging

/// Loggers for callers that do not pass one.
public enum KafkaLogging {
    /// A logger that discards everything: the default of every client initializer, so that a
    /// tool that does not use swift-log (a benchmark) need not import it.
    public static var silent: Logger {
        Logger(label: "liaison.kafka", factory: { _ in SwiftLogNoOpLogHandler() })
    }
}
