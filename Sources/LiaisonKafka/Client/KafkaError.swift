import CRdKafka

/// An error from librdkafka or from this layer: a code to match on, a reason a person can act
/// on, whether trying again may help, and where in this layer it was raised.
///
/// Callers decide on retries from `isRetriable` and `isFatal` alone, without parsing reasons.
/// The place it was raised (`file`, `line`) is for bug reports: `debugDescription` shows it,
/// `description` (what logs and dead-letter reasons carry) does not, and equality ignores it.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, as librdkafka's error code; compare with the static members of
    /// ``Code`` (`error.code == .timedOut`).
    public var code: Code
    /// What went wrong, naming the property, topic or broker involved where there is one.
    public var reason: String
    /// `true` when the same operation may succeed later (a broker is down, a leader moves).
    public var isRetriable: Bool
    /// `true` when the client can no longer be used and must be recreated.
    public var isFatal: Bool
    private let fileID: StaticString
    /// The line of `file` where the error was raised.
    public let line: UInt

    /// Creates an error; `file` and `line` default to the place of the call.
    public init(
        code: Code, reason: String, isRetriable: Bool = false, isFatal: Bool = false,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.reason = reason
        self.isRetriable = isRetriable
        self.isFatal = isFatal
        self.fileID = file
        self.line = line
    }

    /// The source file where the error was raised, as `Module/File.swift`.
    public var file: String { "\(fileID)" }

    /// librdkafka's symbolic name of `code`, e.g. `_TIMED_OUT` or `NOT_LEADER_FOR_PARTITION`.
    public var name: String { code.name }

    /// The name and the reason, for logs and command-line output.
    public var description: String { "\(name) (\(code.rawValue)): \(reason)" }

    /// The description and the place the error was raised.
    public var debugDescription: String { "\(description) [raised at \(file):\(line)]" }

    /// Equal when code, reason and flags are: the same failure raised in two places is the
    /// same failure to a caller.
    public static func == (lhs: KafkaError, rhs: KafkaError) -> Bool {
        lhs.code == rhs.code && lhs.reason == rhs.reason && lhs.isRetriable == rhs.isRetriable && lhs.isFatal == rhs.isFatal
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(reason)
        hasher.combine(isRetriable)
        hasher.combine(isFatal)
    }
}

extension KafkaError {
    /// Builds an error from a librdkafka code, with librdkafka's own text as the reason when
    /// none is given, and a retriable flag from the codes known to be transient.
    init(
        rdCode: rd_kafka_resp_err_t, reason: String? = nil, isFatal: Bool = false,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        let code = Code(rdCode)
        self.init(
            code: code,
            reason: reason ?? String(cString: rd_kafka_err2str(rdCode)),
            isRetriable: code.isTransient,
            isFatal: isFatal,
            file: file, line: line
        )
    }

    /// Takes over an `rd_kafka_error_t` (and destroys it).
    init(consuming error: OpaquePointer, file: StaticString = #fileID, line: UInt = #line) {
        defer { rd_kafka_error_destroy(error) }
        let code = Code(rd_kafka_error_code(error))
        self.init(
            code: code,
            reason: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || code.isTransient,
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            file: file, line: line
        )
    }

    /// `true` when the broker or the client refuses this record for what it is (too large,
    /// malformed): sending it again can never succeed, so the caller must set it aside rather
    /// than retry, or one record would hold up everything queued behind it.
    public var rejectsRecord: Bool { code.rejectsRecord }
}
