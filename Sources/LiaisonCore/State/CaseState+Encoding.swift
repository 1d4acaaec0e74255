extension CaseState {
    /// The current binary format version (the first byte of `encoded()`).
    ///
    /// Version 2 added the opening unit, the sender of each remembered event id and the
    /// ratings. Version 1 states still decode: their ids match a repeat from any sender, their
    /// opener is unknown (only the lead may withdraw them) and they hold no ratings.
    public static let encodingVersion: UInt8 = 2

    /// A compact binary form for the store: a version byte, a string table, then varints.
    ///
    /// Hand-written rather than Codable: it runs for every event and must stay small (a case
    /// with five parties fits well under 2 KB).
    public func encoded() -> [UInt8] {
        var writer = BinaryWriter()
        writer.string(caseID)
        writer.byte(Self.statusCode(status))
        writer.string(workflowID)
        writer.int(version)
        writer.string(lead)
        writer.string(openedBy)
        writer.signed(openedAt.milliseconds)
        writer.int(stageIndex)
        writer.string(stageID)
        writer.int(stageVisits.count)
        for visits in stageVisits { writer.int(visits) }
        writer.int(stageParties.count)
        for units in stageParties {
            writer.int(units.count)
            for unit in units { writer.string(unit) }
        }
        writer.int(tasks.count)
        for task in tasks { Self.write(task, to: &writer, base: openedAt) }
        writer.int(seenEvents.count)
        for seen in seenEvents {
            writer.string(seen.unit)
            writer.string(seen.id)
        }
        writer.int(inbox.count)
        for parked in inbox {
            let event = parked.event
            writer.string(event.id)
            writer.string(event.unit)
            writer.string(event.source)
            writer.byte(event.type.storedCode)
            writer.string(event.caseID)
            writer.optionalTime(event.time, base: Timestamp(milliseconds: 0))
            writer.bytes(event.data.serialized)
            writer.signed(parked.expires.milliseconds)
        }
        writer.int(ratings.count)
        for rating in ratings {
            writer.string(rating.rater)
            writer.string(rating.rated)
            writer.int(rating.score)
        }
        // Optional trailing sections, each behind a tag byte: a reader of this version skips
        // none and refuses an unknown tag; a state without them is byte-for-byte the older form.
        if let chain {
            writer.byte(Self.chainTag)
            writer.signed(chain.seq)
            writer.bytes(chain.hash)
        }
        return writer.finish(version: Self.encodingVersion)
    }

    /// Reads a state written by `encoded()`; throws on corrupt input or an unknown version.
    public init(decoding bytes: [UInt8]) throws(StateDecodingError) {
        var reader = try BinaryReader(bytes)
        let format = reader.version
        guard format == 1 || format == Self.encodingVersion else {
            throw StateDecodingError("state format version \(format) is neither 1 nor \(Self.encodingVersion)")
        }
        self.init(inboxFor: try reader.string())
        status = try Self.status(code: reader.byte())
        workflowID = try reader.string()
        version = try reader.int()
        lead = try reader.string()
        if format >= 2 { openedBy = try reader.string() }
        openedAt = Timestamp(milliseconds: try reader.signed())
        stageIndex = try reader.int()
        stageID = try reader.string()
        let visits = try Self.count(&reader)
        stageVisits.reserveCapacity(min(visits, reader.remaining))
        for _ in 0..<visits { stageVisits.append(try reader.int()) }
        let stages = try Self.count(&reader)
        stageParties.reserveCapacity(min(stages, reader.remaining))
        for _ in 0..<stages {
            let count = try Self.count(&reader)
            var units: [String] = []
            units.reserveCapacity(min(count, reader.remaining))
            for _ in 0..<count { units.append(try reader.string()) }
            stageParties.append(units)
        }
        let taskCount = try Self.count(&reader)
        tasks.reserveCapacity(min(taskCount, reader.remaining))
        for _ in 0..<taskCount { tasks.append(try Self.readTask(&reader, base: openedAt)) }
        let seen = try Self.count(&reader)
        seenEvents.reserveCapacity(min(seen, reader.remaining))
        for _ in 0..<seen {
            let unit = format >= 2 ? try reader.string() : ""
            seenEvents.append(SeenEvent(unit: unit, id: try reader.string()))
        }
        for _ in 0..<(try Self.count(&reader)) {
            let id = try reader.string()
            let unit = try reader.string()
            let source = try reader.string()
            let typeCode = try reader.byte()
            guard let type = EventType(storedCode: typeCode) else { throw StateDecodingError("unknown event type \(typeCode)") }
            let caseID = try reader.string()
            let time = try reader.optionalTime(base: Timestamp(milliseconds: 0))
            let data: JSONValue
            do {
                data = try JSONValue.parse(try reader.byteArray())
            } catch let error as StateDecodingError {
                throw error
            } catch {
                throw StateDecodingError("parked event data: \(error)")
            }
            var event = CloudEvent(id: id, unit: unit, type: type, caseID: caseID, time: time, data: data)
            event.source = source
            inbox.append(ParkedEvent(event: event, expires: Timestamp(milliseconds: try reader.signed())))
        }
        if format >= 2 {
            for _ in 0..<(try Self.count(&reader)) {
                ratings.append(Rating(rater: try reader.string(), rated: try reader.string(), score: try reader.int()))
            }
        }
        while format >= 2 && !reader.isAtEnd {
            let tag = try reader.byte()
            guard tag == Self.chainTag else { throw StateDecodingError("unknown trailing section \(tag)") }
            let seq = try reader.signed()
            let hash = try reader.byteArray()
            guard seq >= 1, hash.count == 32 else { throw StateDecodingError("implausible chain head \(seq)") }
            chain = ChainHead(seq: seq, hash: hash)
        }
        guard stageVisits.count == stageParties.count, reader.isAtEnd else { throw StateDecodingError("state has trailing or inconsistent data") }
    }

    /// The tag of the trailing chain-head section (``CaseState/chain``).
    static let chainTag: UInt8 = 1

    private static func count(_ reader: inout BinaryReader) throws(StateDecodingError) -> Int {
        let value = try reader.int()
        guard (0...100_000).contains(value) else { throw StateDecodingError("implausible count \(value)") }
        return value
    }

    private static func statusCode(_ status: Status) -> UInt8 {
        switch status {
        case .inbox: return 0
        case .open: return 1
        case .closed(.approved): return 2
        case .closed(.rejected): return 3
        case .withdrawn: return 4
        }
    }

    private static func status(code: UInt8) throws(StateDecodingError) -> Status {
        switch code {
        case 0: return .inbox
        case 1: return .open
        case 2: return .closed(.approved)
        case 3: return .closed(.rejected)
        case 4: return .withdrawn
        default: throw StateDecodingError("unknown case status \(code)")
        }
    }
}
