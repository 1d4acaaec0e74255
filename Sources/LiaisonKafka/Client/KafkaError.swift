import CRdKafka

/// An error from librdkafka or from this layer, with the librdkafka error code, a reason a
/// person can act on, and whether trying again may help.
///
/// Callers decide on retries from `isRetriable` and `isFatal` alone, without parsing reasons.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The librdkafka error code (`rd_kafka_resp_err_t`), e.g. `-185` for a local time-out.
    public var code: Int32
    /// What went wrong, naming the property, topic or broker involved where there is one.
    public var reason: String
    /// `true` when the same operation may succeed later (a broker is down, a leader moves).
    public var isRetriable: Bool
    /// `true` when the client can no longer be used and must be recreated.
    public var isFatal: Bool

    /// Creates an error from its parts.
    public init(code: Int32, reason: String, isRetriable: Bool = false, isFatal: Bool = false) {
        self.code = code
        self.reason = reason
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    /// librdkafka's symbolic name of `code`, e.g. `_TIMED_OUT` or `NOT_LEADER_FOR_PARTITION`.
    public var name: String { String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code))) }

    /// The name and the reason, for logs and command-line output.
    public var description: String { "\(name) (\(code)): \(reason)" }
}

extension KafkaError {
    /// Codes this layer raises itself, using librdkafka's local error codes.
    public enum Codes {
        /// A configuration property was unknown or had an invalid value.
        public static let invalidConfiguration = RD_KAFKA_RESP_ERR__INVALID_ARG.rawValue
        /// An operation did not finish within its bounded time.
        public static let timedOut = RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue
        /// A topic the caller relies on does not exist.
        public static let unknownTopic = RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC.rawValue
        /// The client was already closed.
        public static let closed = RD_KAFKA_RESP_ERR__DESTROY.rawValue
    }

    /// Builds an error from a librdkafka code, with librdkafka's own text as the reason when
    /// none is given, and a retriable flag from the codes known to be transient.
    init(rdCode: rd_kafka_resp_err_t, reason: String? = nil, isFatal: Bool = false) {
        self.init(
            code: rdCode.rawValue,
            reason: reason ?? String(cString: rd_kafka_err2str(rdCode)),
            isRetriable: KafkaError.transientCodes.contains(rdCode.rawValue),
            isFatal: isFatal
        )
    }

    /// Takes over an `rd_kafka_error_t` (and destroys it).
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: rd_kafka_error_code(error).rawValue,
            reason: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0
                || KafkaError.transientCodes.contains(rd_kafka_error_code(error).rawValue),
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    /// `true` when the broker or the client refuses this record for what it is (too large,
    /// malformed): sending it again can never succeed, so the caller must set it aside rather
    /// than retry, or one record would hold up everything queued behind it.
    public var rejectsRecord: Bool { Self.recordRejectionCodes.contains(code) }

    /// Codes that reject a record itself rather than the state of the cluster.
    static let recordRejectionCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE,
        RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG,
        RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP,
        RD_KAFKA_RESP_ERR__BAD_MSG, RD_KAFKA_RESP_ERR__INVALID_TYPE,
    ].reduce(into: Set<Int32>()) { $0.insert($1.rawValue) }

    /// Codes after which the same request may succeed once the cluster recovers.
    static let transientCodes: Set<Int32> = [
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
        RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
        RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__RESOLVE,
        RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
        RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
        RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
        RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
    ].reduce(into: Set<Int32>()) { $0.insert($1.rawValue) }
}
