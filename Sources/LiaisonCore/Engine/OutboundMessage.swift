/// The output topics of DESIGN §5 (logical names; the daemon maps them to configured topics).
public enum OutputTopic: String, Hashable, Sendable, CaseIterable {
    /// `liaison.assignments`: task assigned / cancelled.
    case assignments = "liaison.assignments"
    /// `liaison.reminders`: reminders (催办).
    case reminders = "liaison.reminders"
    /// `liaison.escalations`: escalations (督办).
    case escalations = "liaison.escalations"
    /// `liaison.cases`: the audit stream.
    case cases = "liaison.cases"
    /// `liaison.metrics`: periodic per-unit and per-workflow snapshots (keyed by `MetricKey`).
    case metrics = "liaison.metrics"
}

/// One CloudEvent to publish in binary mode, keyed by case id (metrics: by unit or workflow
/// key), with a deterministic id.
public struct OutboundMessage: Hashable, Sendable {
    /// Where it goes.
    public var topic: OutputTopic
    /// The Kafka key: the case id (for metrics snapshots, the `MetricKey`).
    public var key: String
    /// The CloudEvents id, deterministic so consumers can drop duplicates.
    public var id: String
    /// The CloudEvents type, e.g. `liaison.task.reminder`.
    public var type: String
    /// When the act happened (the input event's time or the timer's due time).
    public var time: Timestamp
    /// The JSON data as a value (for tools such as `simulate`).
    public var data: JSONValue

    /// Creates a message.
    public init(topic: OutputTopic, key: String, id: String, type: String, time: Timestamp, data: JSONValue) {
        self.topic = topic
        self.key = key
        self.id = id
        self.type = type
        self.time = time
        self.data = data
    }

    /// Binary-mode CloudEvents headers, in fixed order.
    public var headers: [(String, [UInt8])] {
        [
            ("ce_specversion", Array("1.0".utf8)),
            ("ce_id", Array(id.utf8)),
            ("ce_source", Array("/liaison".utf8)),
            ("ce_type", Array(type.utf8)),
            ("ce_subject", Array(key.utf8)),
            ("ce_time", Array(time.rfc3339.utf8)),
            ("content-type", Array("application/json".utf8)),
        ] + addresseeHeader
    }

    /// `liaison.unit`: the unit a record on `liaison.assignments` or `liaison.reminders` is
    /// addressed to, so that a department filters its own records without parsing JSON.
    public static let unitHeader = "liaison.unit"

    /// The ``unitHeader`` of this message: the task's unit on the assignments topic, the unit
    /// reminded (`remind`: the lead once the task was declined) on the reminders topic; none on
    /// the other topics.
    var addresseeHeader: [(String, [UInt8])] {
        let addressee: String?
        switch topic {
        case .assignments: addressee = data["unit"]?.stringValue
        case .reminders: addressee = data["remind"]?.stringValue ?? data["unit"]?.stringValue
        default: addressee = nil
        }
        return addressee.map { [(Self.unitHeader, Array($0.utf8))] } ?? []
    }

    /// The record value: the JSON data.
    public var value: [UInt8] { data.serialized }

    /// The unit the message is about (`unit`, else `lateUnit`), for timelines and filters.
    public var unit: String? { data["unit"]?.stringValue ?? data["lateUnit"]?.stringValue }
}
