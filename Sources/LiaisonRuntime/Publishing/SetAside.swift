import LiaisonKafka

/// Turns a record that Kafka refuses for what it is (too large, malformed) into a small
/// dead-letter record that says why, so that one bad record never holds up the records
/// queued behind it.
///
/// The dead letter keeps the start of the value, short headers and a short key, and says how
/// much was cut in `liaison.truncated`; where the whole record is still needed, the
/// `liaison.origin.*` headers point at it in its original topic.
enum SetAside {
    /// Most value bytes a set-aside record keeps.
    static let valueBytes = 64 * 1024
    /// Most bytes of a key or of one header value it keeps.
    static let fieldBytes = 1024
    /// Most original headers it keeps.
    static let headerCount = 64

    /// A dead letter for `record`, addressed to `topic`, with reason `code` and `reason`.
    static func deadLetter(
        _ record: KafkaRecord, to topic: String, code: String, reason: String, refusedBy stage: String
    ) -> KafkaRecord {
        var cut: [String] = []
        var headers: [KafkaHeader] = []
        for header in record.headers where !RecordHeaders.reasonHeaders.contains(header.name) {
            guard headers.count < headerCount, header.name.utf8.count <= 256 else {
                cut.append("header \(String(header.name.prefix(32)))")
                continue
            }
            if let value = header.value, value.count > fieldBytes {
                cut.append("header \(header.name) \(value.count) bytes")
                headers.append(KafkaHeader(name: header.name, value: Array(value.prefix(fieldBytes))))
            } else {
                headers.append(header)
            }
        }
        if !record.headers.contains(where: { $0.name == RecordHeaders.originTopic }) {
            headers.append(KafkaHeader(name: RecordHeaders.originTopic, value: Array(record.topic.utf8)))
        }
        var key = record.key
        if let full = key, full.count > fieldBytes {
            cut.append("key \(full.count) bytes")
            key = Array(full.prefix(fieldBytes))
        }
        var value = record.value
        if let full = value, full.count > valueBytes {
            cut.append("value \(full.count) bytes")
            value = Array(full.prefix(valueBytes))
        }
        headers.append(KafkaHeader(name: RecordHeaders.reasonCode, value: Array(code.utf8)))
        headers.append(KafkaHeader(name: RecordHeaders.reason, value: RecordHeaders.reasonValue(reason)))
        headers.append(KafkaHeader(name: RecordHeaders.refusedBy, value: Array(stage.utf8)))
        if !cut.isEmpty {
            headers.append(KafkaHeader(name: RecordHeaders.truncated, value: Array(cut.joined(separator: "; ").utf8)))
        }
        return KafkaRecord(topic: topic, key: key, headers: headers, value: value)
    }
}
