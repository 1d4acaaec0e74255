/// One inbound CloudEvents 1.0 event, reduced to what the engine needs.
public struct CloudEvent: Hashable, Sendable {
    /// Unique per sender; a repeated id is a duplicate and changes nothing.
    public var id: String
    /// The sending unit's id (from `source` = `/units/<unit>`).
    public var unit: String
    /// The raw `source` attribute.
    public var source: String
    /// What happened.
    public var type: EventType
    /// The case id: `subject`, else `data.caseId`.
    public var caseID: String
    /// When the unit acted; deadlines count from it. Nil when the sender gave none (the engine
    /// then uses the instant it is given, i.e. the record timestamp).
    public var time: Timestamp?
    /// The event's data (an empty object when absent).
    public var data: JSONValue

    /// Creates an event from already-checked parts.
    public init(id: String, unit: String, type: EventType, caseID: String, time: Timestamp?, data: JSONValue = .object([])) {
        self.id = id
        self.unit = unit
        self.source = "/units/" + unit
        self.type = type
        self.caseID = caseID
        self.time = time
        self.data = data
    }

    /// The unit id inside a `/units/<unit>` source, nil when the source has another shape.
    static func unit(fromSource source: String) -> String? {
        let prefix = "/units/"
        guard source.hasPrefix(prefix) else { return nil }
        let unit = String(source.dropFirst(prefix.count))
        return UnitID.isValid(unit) ? unit : nil
    }

    /// Bounds on the attributes a sender controls. Ids and case ids end up in every output id,
    /// store row and header, so they are kept short enough that no output can outgrow a record.
    public enum Limits {
        /// Longest event id, in UTF-8 bytes.
        public static let idBytes = 256
        /// Longest case id (`subject` or `data.caseId`), in UTF-8 bytes.
        public static let caseIDBytes = 256
        /// Longest `source`, in UTF-8 bytes (`/units/` and a unit id of up to 64).
        public static let sourceBytes = 128
        /// Longest `type`, in UTF-8 bytes.
        public static let typeBytes = 64
    }

    /// Refuses an attribute that is too long or holds a control character (a NUL in a case id
    /// would name two cases to the engine and one to the store).
    static func checkAttribute(_ name: String, _ value: String, limit: Int) throws(EventError) {
        let bytes = value.utf8
        guard bytes.count <= limit else {
            throw EventError(.badAttribute, "\(name) is \(bytes.count) bytes long; at most \(limit) are accepted")
        }
        // Control characters (Unicode category Cc) are U+0000–U+001F and U+007F–U+009F; the
        // first two ranges are single bytes in UTF-8, the last is 0xC2 followed by 0x80–0x9F.
        // A byte scan: this runs for every attribute of every inbound record.
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte)) {
                // In all three ranges the scalar's value is the byte's.
                let code = "U+" + String(UInt32(byte), radix: 16, uppercase: true).leftPadded(to: 4)
                throw EventError(.badAttribute, "\(name) contains the control character \(code)")
            }
            previous = byte
        }
    }

    /// Checks attributes common to both content modes and builds the event.
    static func make(id: String?, source: String?, type: String?, subject: String?, time: String?,
                     specVersion: String?, data: JSONValue, checkingData: Bool = true) throws(EventError) -> CloudEvent {
        guard let specVersion, !specVersion.isEmpty else { throw EventError(.missingAttribute, "specversion is missing") }
        guard specVersion == "1.0" else { throw EventError(.missingAttribute, "specversion \(specVersion.bounded) is not 1.0") }
        guard let id, !id.isEmpty else { throw EventError(.missingAttribute, "id is missing") }
        guard let source, !source.isEmpty else { throw EventError(.missingAttribute, "source is missing") }
        guard let typeText = type, !typeText.isEmpty else { throw EventError(.missingAttribute, "type is missing") }
        try checkAttribute("id", id, limit: Limits.idBytes)
        try checkAttribute("type", typeText, limit: Limits.typeBytes)
        try checkAttribute("source", source, limit: Limits.sourceBytes)
        if let subject { try checkAttribute("subject", subject, limit: Limits.caseIDBytes) }
        guard let eventType = EventType(rawValue: typeText) else { throw EventError(.unknownType, "type \(typeText) is not a Liaison event type") }
        guard let unit = unit(fromSource: source) else { throw EventError(.badSource, "source \(source) is not /units/<unit-id>") }
        var timestamp: Timestamp?
        if let time {
            guard let parsed = Timestamp(rfc3339: time) else { throw EventError(.badTime, "time \(time.bounded) is not RFC 3339") }
            timestamp = parsed
        }
        let caseID: String
        if let subject, !subject.isEmpty {
            caseID = subject
        } else if let fallback = data["caseId"]?.stringValue, !fallback.isEmpty {
            try checkAttribute("data.caseId", fallback, limit: Limits.caseIDBytes)
            caseID = fallback
        } else {
            throw EventError(.missingAttribute, "subject (case id) is missing and data.caseId is absent")
        }
        var event = CloudEvent(id: id, unit: unit, type: eventType, caseID: caseID, time: timestamp, data: data)
        event.source = source
        if checkingData { try event.checkData() }
        return event
    }
}
