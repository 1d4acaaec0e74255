import CRdKafka

extension KafkaError {
    /// A librdkafka error code (`rd_kafka_resp_err_t`): a broker's code such as
    /// `NOT_LEADER_FOR_PARTITION`, or one of librdkafka's local codes (negative, `_TIMED_OUT`).
    ///
    /// The static members name the codes this layer raises itself; any other code a broker or
    /// librdkafka reports compares by its `rawValue`.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// librdkafka's number for the code, e.g. `-185` for a local time-out.
        public let rawValue: Int32

        /// The code with librdkafka's number `rawValue`.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        init(_ code: rd_kafka_resp_err_t) { self.rawValue = code.rawValue }

        /// A configuration property was unknown or had an invalid value.
        public static let invalidConfiguration = Code(RD_KAFKA_RESP_ERR__INVALID_ARG)
        /// An operation did not finish within its bounded time.
        public static let timedOut = Code(RD_KAFKA_RESP_ERR__TIMED_OUT)
        /// A topic the caller relies on does not exist.
        public static let unknownTopic = Code(RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC)
        /// The client was already closed.
        public static let closed = Code(RD_KAFKA_RESP_ERR__DESTROY)

        /// librdkafka's symbolic name, e.g. `_TIMED_OUT` or `NOT_LEADER_FOR_PARTITION`.
        public var name: String { String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue))) }

        /// The symbolic name.
        public var description: String { name }

        /// `true` after which the same request may succeed once the cluster recovers.
        var isTransient: Bool { Self.transient.contains(self) }

        /// `true` when the code refuses a record itself rather than the state of the cluster.
        var rejectsRecord: Bool { Self.recordRejections.contains(self) }

        private static let recordRejections: Set<Code> = Set([
            RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE,
            RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE, RD_KAFKA_RESP_ERR_INVALID_MSG,
            RD_KAFKA_RESP_ERR_INVALID_RECORD, RD_KAFKA_RESP_ERR_INVALID_TIMESTAMP,
            RD_KAFKA_RESP_ERR__BAD_MSG, RD_KAFKA_RESP_ERR__INVALID_TYPE,
        ].map(Code.init))

        private static let transient: Set<Code> = Set([
            RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
            RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
            RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__WAIT_COORD, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
            RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
        ].map(Code.init))
    }

    /// The earlier spelling of ``Code``, so that `error.code == KafkaError.Codes.timedOut` keeps
    /// compiling; new code writes `error.code == .timedOut`.
    public typealias Codes = Code
}
