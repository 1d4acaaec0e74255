/// Reading a timer id back against a case's tasks, for the timer that fires.
///
/// A due timer comes back from the store as its id. Finding its task by writing every task's
/// id prefix and every timer's id, then comparing, allocated a string per timer of the case
/// for each timer fired; these compare the parts in place.
extension CaseState {
    /// Whether `id` names a timer of `task`: it starts with ``taskPrefix(_:)`` and a `/`.
    func isTimerID(_ id: String, ofTask task: PartyTask) -> Bool {
        IDReader.read(id) { reader in reader.task(of: self, task) && reader.take(UInt8(ascii: "/")) }
    }

    /// Whether `id` is ``timerID(_:_:)`` of `timer` of `task`.
    func isTimerID(_ id: String, of task: PartyTask, _ timer: PartyTask.PendingTimer) -> Bool {
        IDReader.read(id) { reader in
            guard reader.task(of: self, task), reader.take(UInt8(ascii: "/")), reader.take(timer.kind.name),
                  reader.take(UInt8(ascii: "/")), reader.take(timer.deadline.name) else { return false }
            switch timer.kind {
            case .deadline: return reader.isAtEnd
            case .reminder, .escalation: return reader.take(UInt8(ascii: "/")) && reader.take(timer.percent) && reader.isAtEnd
            }
        }
    }
}

/// Consumes an id's UTF-8 from the front, part by part; a `take` is false once a part differs.
private struct IDReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    /// Runs `body` with a reader of `id`'s bytes, in place for a native string.
    static func read(_ id: String, _ body: (inout IDReader) -> Bool) -> Bool {
        var id = id
        return id.withUTF8 { bytes in
            var reader = IDReader(bytes: bytes)
            return body(&reader)
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }

    mutating func take(_ part: String) -> Bool {
        var part = part
        let matched = part.withUTF8 { wanted in
            guard wanted.count <= bytes.count - position else { return false }
            for offset in 0..<wanted.count where bytes[position + offset] != wanted[offset] { return false }
            return true
        }
        if matched { position += part.utf8.count }
        return matched
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// A positive number in decimal, as string interpolation writes it.
    mutating func take(_ number: Int) -> Bool {
        guard number > 0 else { return take(String(number)) }
        var digits = 0
        var rest = number
        while rest > 0 { digits += 1; rest /= 10 }
        guard digits <= bytes.count - position else { return false }
        rest = number
        for offset in stride(from: digits - 1, through: 0, by: -1) {
            guard bytes[position + offset] == UInt8(ascii: "0") + UInt8(rest % 10) else { return false }
            rest /= 10
        }
        position += digits
        return true
    }

    /// `<case>/<stage>[@visit]/<unit>[#serial]`, as ``CaseState/taskPrefix(_:)`` writes it.
    mutating func task(of state: CaseState, _ task: PartyTask) -> Bool {
        guard take(state.caseID), take(UInt8(ascii: "/")), take(state.stageID) else { return false }
        let visit = state.stageVisit
        if visit > 1 {
            guard take(UInt8(ascii: "@")), take(visit) else { return false }
        }
        guard take(UInt8(ascii: "/")), take(task.unit) else { return false }
        if task.serial > 1 {
            return take(UInt8(ascii: "#")) && take(task.serial)
        }
        return true
    }
}
