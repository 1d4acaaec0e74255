extension CloudEvent {
    /// Decodes a structured-mode event (`application/cloudevents+json`): one JSON object
    /// holding the attributes and `data`.
    public static func decode(structured bytes: [UInt8]) throws(EventError) -> CloudEvent {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            throw EventError(.notJSON, error.description)
        }
        return try decode(envelope: document)
    }

    /// Decodes an already parsed structured-mode envelope.
    static func decode(envelope document: JSONValue) throws(EventError) -> CloudEvent {
        guard case .object = document else { throw EventError(.notJSON, "the event is not a JSON object") }
        func attribute(_ name: String) throws(EventError) -> String? {
            guard let value = document[name] else { return nil }
            if case .null = value { return nil }
            guard let text = value.stringValue else { throw EventError(.missingAttribute, "\(name) is not a string") }
            return text
        }
        if document["data_base64"] != nil { throw EventError(.badData, "data_base64 is not supported; send JSON data") }
        return try make(id: attribute("id"), source: attribute("source"), type: attribute("type"),
                        subject: attribute("subject"), time: attribute("time"),
                        specVersion: attribute("specversion"), data: orEmpty(document["data"]))
    }

    /// Decodes a Kafka record in either content mode.
    ///
    /// Structured mode is `content-type: application/cloudevents+json`, or a record with no
    /// `ce_*` header whose body is a JSON object with a `specversion` member: SDKs such as the
    /// CloudEvents Python SDK put the *data's* media type (`application/json`) in `content-type`
    /// of a structured record, or no `content-type` at all. Otherwise the record is in binary
    /// mode: `ce_*` headers, the body as JSON `data`.
    public static func decode(headers: [(String, [UInt8]?)], body: [UInt8]?) throws(EventError) -> CloudEvent {
        let found = try BinaryModeHeaders(checking: headers)
        if found.isStructured {
            return try found.agreeing(with: decode(structured: body ?? []))
        }
        var data: JSONValue = .object([])
        if let body, body.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) {
            do {
                data = try JSONValue.parse(body)
            } catch {
                throw EventError(.notJSON, "data: \(error.description)")
            }
            if !found.hasCloudEventsHeader, case .object = data, data["specversion"] != nil {
                return try decode(envelope: data)
            }
        }
        return try make(id: found.text(BinaryModeHeaders.id), source: found.text(BinaryModeHeaders.source), type: found.text(BinaryModeHeaders.type),
                        subject: found.text(BinaryModeHeaders.subject), time: found.text(BinaryModeHeaders.time),
                        specVersion: found.text(BinaryModeHeaders.specVersion), data: orEmpty(data))
    }

    /// The event as far as routing needs it: its attributes checked exactly as ``decode(headers:body:)``
    /// checks them, but a binary-mode body is parsed only when the case id must come from
    /// `data.caseId` or the record may be an SDK's structured envelope. What the data holds is
    /// checked once, by the processing stage, which decodes the whole event anyway.
    public static func routingAttributes(headers: [(String, [UInt8]?)], body: [UInt8]?) throws(EventError) -> CloudEvent {
        let found = try BinaryModeHeaders(checking: headers)
        guard !found.isStructured, found.hasCloudEventsHeader, let subject = found.values[BinaryModeHeaders.subject], !subject.isEmpty else {
            return try decode(headers: headers, body: body)
        }
        return try make(id: found.text(BinaryModeHeaders.id), source: found.text(BinaryModeHeaders.source), type: found.text(BinaryModeHeaders.type),
                        subject: found.text(BinaryModeHeaders.subject), time: found.text(BinaryModeHeaders.time),
                        specVersion: found.text(BinaryModeHeaders.specVersion), data: .object([]), checkingData: false)
    }

    /// Absent or `null` data (what SDKs write for an event without data) as an empty object.
    private static func orEmpty(_ data: JSONValue?) -> JSONValue {
        switch data {
        case nil, .null?: return .object([])
        case let value?: return value
        }
    }

    /// The event in structured mode, as stored in a case inbox and written by tools.
    public var structured: JSONValue {
        var members: [(String, JSONValue)] = [
            ("specversion", "1.0"), ("id", .string(id)), ("source", .string(source)),
            ("type", .string(type.rawValue)), ("subject", .string(caseID)),
        ]
        if let time { members.append(("time", .string(time.rfc3339))) }
        members.append(("data", data))
        return .object(members)
    }

    /// Checks that `data` carries what the event's type needs (DESIGN §3).
    func checkData() throws(EventError) {
        guard case .object = data else { throw EventError(.badData, "data is not a JSON object") }
        func requireString(_ field: String) throws(EventError) -> String {
            guard let text = data[field]?.stringValue, !text.isEmpty else {
                throw EventError(.badData, "\(type.rawValue) needs data.\(field) as a string")
            }
            return text
        }
        switch type {
        case .caseOpened:
            _ = try requireString("matter")
            if let lead = data["lead"], lead != .null, !(lead.stringValue.map(UnitID.isValid) ?? false) {
                throw EventError(.badData, "data.lead is not a unit id")
            }
            if let collaborators = data["collaborators"], collaborators != .null {
                guard let units = collaborators.stringArrayValue, units.allSatisfy(UnitID.isValid) else {
                    throw EventError(.badData, "data.collaborators is not a list of unit ids")
                }
            }
        case .taskCompleted:
            let outcome = try requireString("outcome")
            guard TaskOutcome(rawValue: outcome) != nil else {
                throw EventError(.badData, "data.outcome \(outcome.bounded) is none of approved, rejected, done")
            }
        case .taskReassigned:
            for field in ["from", "to"] {
                guard UnitID.isValid(try requireString(field)) else { throw EventError(.badData, "data.\(field) is not a unit id") }
            }
        case .taskRated:
            guard UnitID.isValid(try requireString("unit")) else { throw EventError(.badData, "data.unit is not a unit id") }
            guard let score = data["score"]?.integerValue, (1...5).contains(score) else {
                throw EventError(.badData, "data.score must be a whole number from 1 to 5")
            }
        case .taskDeclined:
            if let suggest = data["suggest"], suggest != .null, !(suggest.stringValue.map(UnitID.isValid) ?? false) {
                throw EventError(.badData, "data.suggest is not a unit id")
            }
        case .taskAccepted, .taskPaused, .taskResumed, .caseWithdrawn:
            break
        }
    }
}

/// The headers binary mode reads, found in one pass over a record's headers with an ASCII
/// case-insensitive match and no allocation per header (this runs for every inbound record).
struct BinaryModeHeaders {
    static let names: [[UInt8]] = ["ce_id", "ce_source", "ce_type", "ce_subject", "ce_time", "ce_specversion", "content-type"].map { Array($0.utf8) }
    static let prefix = Array("ce_".utf8)
    static let id = 0, source = 1, type = 2, subject = 3, time = 4, specVersion = 5, contentType = 6

    /// The value of each name, by the indices above.
    var values: [[UInt8]?] = Array(repeating: nil, count: names.count)
    /// True when any header name starts with `ce_`: the record is in binary mode.
    private(set) var hasCloudEventsHeader = false
    private var seen: [Bool] = Array(repeating: false, count: names.count)

    /// Finds the headers; a name given twice with different values is refused, since two
    /// readers could each take a different one.
    init(checking headers: [(String, [UInt8]?)]) throws(EventError) {
        var repeated: Int?
        for (key, value) in headers {
            var key = key
            key.withUTF8 { bytes in
                if bytes.count >= 3, Self.equalIgnoringASCIICase(bytes[0..<3], Self.prefix) { hasCloudEventsHeader = true }
                for (index, name) in Self.names.enumerated() where Self.equalIgnoringASCIICase(bytes, name) {
                    if seen[index] {
                        if values[index] != value { repeated = index }
                    } else {
                        seen[index] = true
                        values[index] = value
                    }
                    return
                }
            }
        }
        if let repeated {
            throw EventError(.badAttribute, "header \(String(decoding: Self.names[repeated], as: UTF8.self)) is given twice with different values")
        }
    }

    /// The value of header `index` as text; bytes that are not UTF-8 are refused rather than
    /// replaced, so that two different ids can never read as one.
    func text(_ index: Int) throws(EventError) -> String? {
        guard let bytes = values[index] else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw EventError(.badAttribute, "header \(String(decoding: Self.names[index], as: UTF8.self)) is not valid UTF-8")
        }
        return text
    }

    /// `event`, decoded from a structured body, when every `ce_*` attribute header the record
    /// also carries says the same; otherwise the record is refused: a consumer reading the
    /// headers would see another event than Liaison does.
    func agreeing(with event: CloudEvent) throws(EventError) -> CloudEvent {
        let said: [(Int, String)] = [
            (Self.id, event.id), (Self.source, event.source), (Self.type, event.type.rawValue), (Self.subject, event.caseID),
            (Self.specVersion, "1.0"),
        ]
        for (index, value) in said {
            guard let header = try text(index), header != value else { continue }
            throw EventError(.badAttribute, "header \(String(decoding: Self.names[index], as: UTF8.self)) \(header.bounded) disagrees with the body's \(value.bounded)")
        }
        if let header = try text(Self.time), Timestamp(rfc3339: header) != event.time {
            throw EventError(.badAttribute, "header ce_time \(header.bounded) disagrees with the body's time")
        }
        return event
    }

    /// `content-type: application/cloudevents+json…` marks structured mode.
    var isStructured: Bool {
        guard let value = values[Self.contentType] else { return false }
        let prefix = Array("application/cloudevents+json".utf8)
        return value.count >= prefix.count && Self.equalIgnoringASCIICase(value[0..<prefix.count], prefix)
    }

    private static func equalIgnoringASCIICase<C: Collection<UInt8>>(_ bytes: C, _ lowercase: [UInt8]) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        for (byte, expected) in zip(bytes, lowercase) {
            let folded = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
            if folded != expected { return false }
        }
        return true
    }
}

