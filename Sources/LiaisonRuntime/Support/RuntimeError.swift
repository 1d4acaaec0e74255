/// Why the daemon could not start or had to stop.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, for scripts and tests.
    public enum Code: String, Sendable {
        /// The configuration or the workflow files are wrong.
        case badConfiguration = "bad-configuration"
        /// Topics the daemon needs do not exist.
        case missingTopics = "missing-topics"
        /// The store cannot be opened, read or written.
        case storeUnavailable = "store-unavailable"
        /// Open cases in the store follow workflow versions that are not loaded (override:
        /// `allow_orphaned_cases`).
        case orphanedCases = "orphaned-cases"
        /// A graceful shutdown took longer than `shutdown.timeout` (exit status 75).
        case shutdownTimedOut = "shutdown-timed-out"
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, naming the file, field or topic at fault.
    public var reason: String

    /// Creates an error.
    public init(code: Code, reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code.rawValue): \(reason)" }
}
