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

    /// Checks attributes common to both content modes and builds the event.
    static func make(id: String?, source: String?, type: String?, subject: String?, time: String?,
                     specVersion: String?, data: JSONValue) throws(EventError) -> CloudEvent {
        guard let specVersion, !specVersion.isEmpty else { throw EventError(.missingAttribute, "specversion is missing") }
        guard specVersion == "1.0" else { throw EventError(.missingAttribute, "specversion \(specVersion) is not 1.0") }
        guard let id, !id.isEmpty else { throw EventError(.missingAttribute, "id is missing") }
        guard let source, !source.isEmpty else { throw EventError(.missingAttribute, "source is missing") }
        guard let typeText = type, !typeText.isEmpty else { throw EventError(.missingAttribute, "type is missing") }
        guard let eventType = EventType(rawValue: typeText) else { throw EventError(.unknownType, "type \(typeText) is not a Liaison event type") }
        guard let unit = unit(fromSource: source) else { throw EventError(.badSource, "source \(source) is not /units/<unit-id>") }
        var timestamp: Timestamp?
        if let time {
            guard let parsed = Timestamp(rfc3339: time) else { throw EventError(.badTime, "time \(time) is not RFC 3339") }
            timestamp = parsed
        }
        let caseID: String
        if let subject, !subject.isEmpty {
            caseID = subject
        } else if let fallback = data["caseId"]?.stringValue, !fallback.isEmpty {
            caseID = fallback
        } else {
            throw EventError(.missingAttribute, "subject (case id) is missing and data.caseId is absent")
        }
        var event = CloudEvent(id: id, unit: unit, type: eventType, caseID: caseID, time: timestamp, data: data)
        event.source = source
        try event.checkData()
        return event
    }
}
