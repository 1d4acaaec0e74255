import LiaisonKafka

/// What becomes of one department record before any case is read: forwarded under its case id
/// with the `liaison.origin.*` headers, or addressed to the dead-letter topic with the reason.
///
/// The router sends the result on to the inbound topic; when the processing stage reads a
/// department topic directly (``LiaisonConfiguration/Topics/direct``), it applies the same
/// result in place, so a record is judged, and a refusal reads, the same either way.
struct RecordRouting: Sendable {
    /// The outcome for one record.
    enum Routed: Sendable {
        /// Well-formed and allowed: the record to forward to the inbound topic, keyed by case id.
        case forward(KafkaRecord, caseID: String)
        /// Refused: the dead letter to send, with its reason.
        case refused(KafkaRecord, code: String, reason: String)
    }

    let check: RecordCheck
    let topics: LiaisonConfiguration.Topics

    /// Judges a record on the topics of `configuration`.
    init(configuration: LiaisonConfiguration) {
        self.check = RecordCheck(inputs: configuration.topics.inputs, maxBytes: configuration.acceptedEventBytes)
        self.topics = configuration.topics
    }

    /// Forwards or refuses one department record.
    func route(_ message: KafkaMessage) -> Routed {
        let verdict = check.verdict(
            topic: message.topic,
            key: message.key,
            headers: message.headers.map { ($0.name, $0.value) },
            value: message.value
        )
        switch verdict {
        case .forward(let caseID):
            var headers = originHeaders(of: message)
            if let key = message.key {
                headers.append(KafkaHeader(name: RecordHeaders.originKey, value: key))
            }
            if let timestamp = message.timestamp {
                headers.append(KafkaHeader(name: RecordHeaders.originTimestamp, value: Array(String(timestamp).utf8)))
            }
            return .forward(KafkaRecord(topic: topics.inbound, key: Array(caseID.utf8), headers: headers, value: message.value),
                            caseID: caseID)
        case .refuse(let code, let reason):
            return .refused(deadLetter(message, code: code, reason: reason), code: code, reason: reason)
        }
    }

    /// The dead letter of a department record: its own key, headers and value, where it came
    /// from, and why it was refused.
    func deadLetter(_ message: KafkaMessage, code: String, reason: String) -> KafkaRecord {
        var headers = originHeaders(of: message)
        let original = KafkaRecord(topic: message.topic, key: message.key, headers: headers, value: message.value)
        if code == DeadLetterCode.tooLarge.rawValue {
            // Larger than we accept is possibly larger than Kafka accepts: keep only its start.
            return SetAside.deadLetter(original, to: topics.deadletter, code: code, reason: reason, refusedBy: "router")
        }
        headers.append(KafkaHeader(name: RecordHeaders.reasonCode, value: Array(code.utf8)))
        headers.append(KafkaHeader(name: RecordHeaders.reason, value: RecordHeaders.reasonValue(reason)))
        headers.append(KafkaHeader(name: RecordHeaders.refusedBy, value: Array("router".utf8)))
        return KafkaRecord(topic: topics.deadletter, key: message.key, headers: headers, value: message.value)
    }

    /// The record's own headers followed by where it was published.
    private func originHeaders(of message: KafkaMessage) -> [KafkaHeader] {
        var headers = message.headers
        headers.reserveCapacity(headers.count + 8)
        headers.append(KafkaHeader(name: RecordHeaders.originTopic, value: Array(message.topic.utf8)))
        headers.append(KafkaHeader(name: RecordHeaders.originPartition, value: Array(String(message.partition).utf8)))
        headers.append(KafkaHeader(name: RecordHeaders.originOffset, value: Array(String(message.offset).utf8)))
        return headers
    }
}
