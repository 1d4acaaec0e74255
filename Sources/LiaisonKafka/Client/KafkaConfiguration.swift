/// How to reach a Kafka cluster and how librdkafka should behave, shared by producer,
/// consumer and admin clients.
///
/// The typed fields cover what Liaison sets itself; everything else (SASL, SSL, tuning) goes
/// through `properties`, which reach librdkafka unchanged and win over the typed fields.
public struct KafkaConfiguration: Sendable {
    /// Comma-separated `host:port` list of brokers to bootstrap from.
    public var bootstrapServers: String
    /// The client id brokers see in their logs and quotas.
    public var clientID: String
    /// How long a produced message may wait for its acknowledgement before it fails
    /// (`message.timeout.ms`). `nil` keeps librdkafka's default (5 minutes).
    public var messageTimeout: Duration?
    /// How long a broker request may take before it is retried (`socket.timeout.ms`).
    public var socketTimeout: Duration?
    /// librdkafka debug contexts (`debug`), e.g. `"broker,protocol"`; `nil` for none.
    public var debugContexts: String?
    /// Raw librdkafka properties, applied last and unchanged.
    public var properties: [String: String]

    /// Creates a configuration; only the bootstrap servers are required.
    public init(
        bootstrapServers: String,
        clientID: String = "liaison",
        messageTimeout: Duration? = nil,
        socketTimeout: Duration? = nil,
        debugContexts: String? = nil,
        properties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.messageTimeout = messageTimeout
        self.socketTimeout = socketTimeout
        self.debugContexts = debugContexts
        self.properties = properties
    }

    /// The librdkafka properties in application order: typed fields, then the client's own
    /// defaults (`clientDefaults`), then the raw `properties`.
    func resolvedProperties(clientDefaults: [(String, String)]) -> [(String, String)] {
        var result: [(String, String)] = [
            ("bootstrap.servers", bootstrapServers),
            ("client.id", clientID),
        ]
        if let messageTimeout { result.append(("message.timeout.ms", messageTimeout.millisecondsText)) }
        if let socketTimeout { result.append(("socket.timeout.ms", socketTimeout.millisecondsText)) }
        if let debugContexts { result.append(("debug", debugContexts)) }
        result += clientDefaults
        result += properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return result
    }
}

extension Duration {
    /// Whole milliseconds, as librdkafka's `*.ms` properties and time-outs want them.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole milliseconds as text, clamped to librdkafka's `Int32` range.
    var millisecondsText: String { String(clampedMilliseconds) }

    /// Whole milliseconds clamped to `0...Int32.max`, for C time-out arguments.
    var clampedMilliseconds: Int32 { Int32(clamping: max(0, milliseconds)) }

    /// Milliseconds rounded up and clamped to `0...Int32.max`: the C time-out for what is left
    /// before a deadline. Only a duration of zero or less gives 0, a poll that returns at once.
    var roundedUpMilliseconds: Int32 {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        guard seconds < Int64(Int32.max / 1000) else { return .max }
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let (whole, rest) = attoseconds.quotientAndRemainder(dividingBy: attosecondsPerMillisecond)
        return Int32(clamping: seconds * 1000 + whole + (rest == 0 ? 0 : 1))
    }
}
