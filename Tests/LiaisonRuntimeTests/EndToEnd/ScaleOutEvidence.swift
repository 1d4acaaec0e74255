import Foundation
import LiaisonCore

/// Timer marks the store's case histories record as fired in one partition: every firing, and
/// the distinct ones (a mark fired twice would count once in the second number).
struct TimerMarks: Equatable, CustomStringConvertible {
    var fired: Int
    var distinct: Int

    var description: String { "\(fired) fired, \(distinct) distinct" }
}

/// What one daemon process logged about its leases: those it acquired, and what it committed
/// under each lease it gave up (revoked, fenced or stopping). A process killed with SIGKILL
/// says nothing of the leases it held at the time.
struct InstanceLog {
    struct Lease: Hashable, CustomStringConvertible {
        var partition: Int32
        var epoch: Int64

        var description: String { "\(partition)@epoch\(epoch)" }
    }

    var file: String
    var acquired: Set<Lease> = []
    /// Per lease given up: inputs and timer marks committed under it.
    var ended: [Lease: (inputs: Int, timers: Int)] = [:]

    init(file: String, text: String) {
        self.file = file
        for line in text.split(separator: "\n") {
            if line.contains("acquired partitions") {
                for match in line.matches(of: /(\d+)@epoch(\d+)/) {
                    if let partition = Int32(match.1), let epoch = Int64(match.2) { acquired.insert(Lease(partition: partition, epoch: epoch)) }
                }
            } else if line.contains("leases ended") {
                for match in line.matches(of: /(\d+)@epoch(\d+) inputs=(\d+) timers=(\d+)/) {
                    if let partition = Int32(match.1), let epoch = Int64(match.2), let inputs = Int(match.3), let timers = Int(match.4) {
                        ended[Lease(partition: partition, epoch: epoch)] = (inputs, timers)
                    }
                }
            }
        }
    }

    /// Timer marks this process said it fired, per partition.
    var timersByPartition: [Int32: Int] {
        var result: [Int32: Int] = [:]
        for (lease, tally) in ended { result[lease.partition, default: 0] += tally.timers }
        return result
    }
}

extension EndToEndFixture {
    /// Timer marks fired per partition, as the store's case histories record them.
    func timerMarksFired() throws -> [Int32: TimerMarks] {
        var marks: [Int32: TimerMarks] = [:]
        let rows = try storeRows("""
            SELECT c.partition, count(*), count(DISTINCT h.case_id || ' ' || h.entry)
            FROM case_history h JOIN cases c ON c.case_id = h.case_id WHERE h.kind = 'timer' GROUP BY c.partition
            """)
        for row in rows {
            let parts = row.split(separator: "|").compactMap { Int($0) }
            guard parts.count == 3 else { continue }
            marks[Int32(parts[0])] = TimerMarks(fired: parts[1], distinct: parts[2])
        }
        return marks
    }

    /// The log of every daemon process the fixture started, oldest first.
    func instanceLogs() -> [InstanceLog] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("daemon-") && $0.hasSuffix(".log") }
            .sorted { Int($0.dropFirst(7).dropLast(4)) ?? 0 < Int($1.dropFirst(7).dropLast(4)) ?? 0 }
            .map { InstanceLog(file: $0, text: (try? String(contentsOfFile: folder.file($0), encoding: .utf8)) ?? "") }
    }
}

/// The `liaison.metrics` records a dashboard would hold at the end of a run.
enum MetricsEvidence {
    /// The first snapshot taken after `after`, by key, each record's data without its time;
    /// nil while there is none.
    static func first(_ outputs: [Output], after: Timestamp) -> [String: JSONValue]? {
        var byTime: [String: [String: JSONValue]] = [:]
        for output in outputs where output.topic == "liaison.metrics" {
            guard case .object(let fields) = output.data, let at = output.data["at"]?.stringValue else { continue }
            byTime[at, default: [:]][output.caseID] = .object(fields.filter { $0.0 != "at" })
        }
        let newest = byTime.keys.compactMap { at in Timestamp(rfc3339: at).map { (at, $0) } }
            .filter { $0.1 > after }.min { $0.1 < $1.1 }
        return newest.flatMap { byTime[$0.0] }
    }

    /// Reads the output topics until a snapshot taken at least a second from now arrives (it
    /// counts everything committed before this call), and a few seconds more, so that all of
    /// its records, spread over the topic's partitions, have been read.
    static func final(from reader: OutputReader) async throws -> [String: JSONValue] {
        let after = Departments.now().adding(milliseconds: 1_000)
        try await reader.read(timeout: .seconds(60)) { first($0, after: after) != nil }
        let outputs = try await reader.read(timeout: .seconds(3)) { _ in false }
        guard let snapshot = first(outputs, after: after) else {
            throw FixtureError("no liaison.metrics snapshot after \(after.rfc3339)")
        }
        return snapshot
    }

    /// The keys whose records differ between two snapshots, with both values of the first few.
    static func differences(_ one: [String: JSONValue], _ other: [String: JSONValue]) -> [String] {
        Set(one.keys).union(other.keys).sorted().filter { one[$0] != other[$0] }
    }
}
