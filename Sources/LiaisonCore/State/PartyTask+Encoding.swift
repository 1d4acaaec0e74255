extension CaseState {
    static let taskStatuses: [PartyTask.Status] = [.assigned, .accepted, .declined, .completed(.approved),
                                                   .completed(.rejected), .completed(.done), .cancelled, .reassigned]

    /// Writes one task; its instants relative to the case's opening, its timers to its assignment.
    static func write(_ task: PartyTask, to writer: inout BinaryWriter, base: Timestamp) {
        writer.string(task.unit)
        writer.int(task.slot)
        writer.int(task.serial)
        writer.byte(UInt8(taskStatuses.firstIndex(of: task.status) ?? 0))
        writer.time(task.assignedAt, base: base)
        let assigned = task.assignedAt
        writer.optionalTime(task.acceptBy, base: assigned)
        writer.optionalTime(task.completeBy, base: assigned)
        writer.optionalTime(task.acceptedAt, base: assigned)
        writer.optionalTime(task.completedAt, base: assigned)
        writer.optionalTime(task.pausedAt, base: assigned)
        writer.int(task.timers.count)
        for timer in task.timers {
            writer.byte(timer.kind.rawValue << 4 | timer.deadline.rawValue)
            writer.int(timer.percent)
            writer.time(timer.due, base: assigned)
        }
    }

    /// Reads one task written by `write`.
    static func readTask(_ reader: inout BinaryReader, base: Timestamp) throws(StateDecodingError) -> PartyTask {
        let unit = try reader.string()
        let slot = try reader.int()
        let serial = try reader.int()
        let statusIndex = Int(try reader.byte())
        guard taskStatuses.indices.contains(statusIndex) else { throw StateDecodingError("unknown task status \(statusIndex)") }
        let assigned = try reader.time(base: base)
        var task = PartyTask(unit: unit, slot: slot, serial: serial, status: taskStatuses[statusIndex], assignedAt: assigned,
                             acceptBy: try reader.optionalTime(base: assigned), completeBy: try reader.optionalTime(base: assigned),
                             acceptedAt: try reader.optionalTime(base: assigned), completedAt: try reader.optionalTime(base: assigned),
                             pausedAt: try reader.optionalTime(base: assigned), timers: [])
        let timerCount = try reader.int()
        guard (0...10_000).contains(timerCount) else { throw StateDecodingError("implausible timer count \(timerCount)") }
        task.timers.reserveCapacity(min(timerCount, reader.remaining))
        for _ in 0..<timerCount {
            let packed = try reader.byte()
            guard let kind = PartyTask.TimerKind(rawValue: packed >> 4), let deadline = PartyTask.Deadline(rawValue: packed & 0x0F) else {
                throw StateDecodingError("unknown timer kind \(packed)")
            }
            let percent = try reader.int()
            task.timers.append(.init(kind: kind, deadline: deadline, percent: percent, due: try reader.time(base: assigned)))
        }
        return task
    }
}
