import Logging

/// Loggers for callers that do not pass one, and the levels librdkafka's messages are logged at.
public enum KafkaLogging {
    /// A logger that discards everything: the default of every client initializer, so that a
    /// tool that does not use swift-log (a benchmark) need not import it.
    public static var silent: Logger {
        Logger(label: "liaison.kafka", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// The level a librdkafka log line is logged at, so that each event appears once at one level.
    ///
    /// librdkafka reports a broker failure twice: a log line (facility `FAIL`, or `ERROR`)
    /// and an error callback with the same text. The error callback is the one logged at
    /// warning (it also reaches the next operation as its error); the log line goes to debug.
    /// Properties meant for the other kind of client (`CONFWARN … will be ignored by this`)
    /// are expected with one shared property list, and go to debug too.
    public static func level(syslog: Int32, facility: String, message: String) -> Logger.Level {
        if facility == "FAIL" || facility == "ERROR" { return .debug }
        if facility == "CONFWARN" && message.contains("will be ignored by this") { return .debug }
        switch syslog {
        case ...3: return .error
        case 4: return .warning
        case 5, 6: return .info
        default: return .debug
        }
    }

    /// The level of an error reported through librdkafka's error callback.
    public static func errorLevel(isFatal: Bool) -> Logger.Level {
        isFatal ? .error : .warning
    }
}
