import LiaisonCore

/// What the router decided about one department record.
public enum RecordVerdict: Equatable, Sendable {
    /// Well-formed and allowed: forward it to the inbound topic under this case id.
    case forward(caseID: String)
    /// Refused before reaching any case: dead-letter it with this reason.
    case refuse(code: String, reason: String)
}

/// The checks that need no case state: size, CloudEvents attributes, known type, and whether
/// the sending unit may publish on the topic the record arrived on. A binary-mode record's data
/// is checked by the processing stage, which parses it anyway (refusals there say
/// `liaison.refused.by: engine`).
///
/// Checks that need a case (is the unit a party? is the case closed?) are the engine's.
public struct RecordCheck: Sendable {
    /// Units allowed on each input topic.
    public let unitsByTopic: [String: Set<String>]
    /// Largest accepted record, key + headers + value, in bytes.
    public let maxBytes: Int
    /// Most headers a record may carry: CloudEvents' binary mode needs seven, tracing adds a
    /// few. Each header is copied to the inbound topic, a dead letter and log lines.
    public static let maxHeaders = 100

    /// Builds the check from the configured topic bindings.
    public init(inputs: [LiaisonConfiguration.InputTopic], maxBytes: Int) {
        var map: [String: Set<String>] = [:]
        for input in inputs { map[input.name, default: []].formUnion(input.units) }
        self.unitsByTopic = map
        self.maxBytes = maxBytes
    }

    /// Judges one record as it arrived on `topic`.
    public func verdict(
        topic: String,
        key: [UInt8]?,
        headers: [(name: String, value: [UInt8]?)],
        value: [UInt8]?
    ) -> RecordVerdict {
        if headers.count > Self.maxHeaders {
            return .refuse(code: DeadLetterCode.tooManyHeaders.rawValue, reason: "record has \(headers.count) headers; at most \(Self.maxHeaders) are accepted")
        }
        let size = (key?.count ?? 0) + (value?.count ?? 0)
            + headers.reduce(0) { $0 + $1.name.utf8.count + ($1.value?.count ?? 0) }
        if size > maxBytes {
            return .refuse(code: DeadLetterCode.tooLarge.rawValue, reason: "record of \(size) bytes exceeds the limit of \(maxBytes) bytes")
        }
        let event: CloudEvent
        do {
            event = try CloudEvent.routingAttributes(headers: headers.map { ($0.name, $0.value) }, body: value)
        } catch {
            return .refuse(code: error.code.rawValue, reason: error.reason)
        }
        let unit = event.unit
        guard let allowed = unitsByTopic[topic] else {
            return .refuse(code: DeadLetterCode.unknownTopic.rawValue, reason: "topic '\(topic)' is not bound to any unit")
        }
        guard allowed.contains(unit) else {
            return .refuse(code: DeadLetterCode.sourceNotAllowed.rawValue, reason: "unit '\(unit)' may not publish on topic '\(topic)'")
        }
        return .forward(caseID: event.caseID)
    }
}
