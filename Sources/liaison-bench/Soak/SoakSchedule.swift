import LiaisonKafka

/// When each department event of the soak falls due: cases open at a steady rate; three in
/// four are accepted after `prompt` and completed `work` later; every fourth is accepted only
/// after its acceptance deadline, so its reminder and escalation timers fire first. Each kind
/// of event is due in case order, so four cursors (plus the openings) find what is due.
struct SoakSchedule {
    /// Opened cases per second (a case is three events).
    let casesPerSecond: Double
    /// Delay of a prompt unit's acceptance, and of every completion after its acceptance (ms).
    let prompt: Int64 = 3_000
    let work: Int64 = 5_000
    /// Delay of a late unit's acceptance: past the workflow's `accept_within`.
    let late: Int64 = Int64(SoakBenchmark.acceptWithin + 10) * 1_000

    /// The next case to open, and per (step, late) the next case whose event is not yet sent.
    private(set) var nextOpen = 0
    private var cursors: [Cursor: Int] = [:]

    private struct Cursor: Hashable {
        var step: BenchWorkload.Step
        var late: Bool
    }

    init(casesPerSecond: Double) {
        self.casesPerSecond = casesPerSecond
        for step in [BenchWorkload.Step.accept, .complete] {
            cursors[Cursor(step: step, late: false)] = 1
            cursors[Cursor(step: step, late: true)] = 0
        }
    }

    static func isLate(_ index: Int) -> Bool { index % 4 == 0 }

    /// Milliseconds after the start at which case `index` opens.
    func opens(_ index: Int) -> Int64 { Int64(Double(index) * 1_000 / casesPerSecond) }

    /// Milliseconds after the start at which `step` of case `index` is due.
    func due(_ index: Int, _ step: BenchWorkload.Step) -> Int64 {
        let accepted = opens(index) + (Self.isLate(index) ? late : prompt)
        switch step {
        case .open: return opens(index)
        case .accept: return accepted
        case .complete: return accepted + work
        }
    }

    /// Every (case, step) due by `elapsed` ms and not yet taken, in due order per kind; cases
    /// open only while `opening` (the tail of the run lets the last cases finish).
    mutating func take(until elapsed: Int64, opening: Bool) -> [(index: Int, step: BenchWorkload.Step)] {
        var due: [(Int, BenchWorkload.Step)] = []
        while opening, opens(nextOpen) <= elapsed {
            due.append((nextOpen, .open))
            nextOpen += 1
        }
        for cursor in cursors.keys.sorted(by: { ($0.step.rawValue, $0.late ? 1 : 0) < ($1.step.rawValue, $1.late ? 1 : 0) }) {
            var index = cursors[cursor]!
            while index < nextOpen, self.due(index, cursor.step) <= elapsed {
                due.append((index, cursor.step))
                index = cursor.late ? index + 4 : (Self.isLate(index + 1) ? index + 2 : index + 1)
            }
            cursors[cursor] = index
        }
        return due
    }

    /// Whether every event of every opened case has been taken.
    var drained: Bool {
        cursors.values.allSatisfy { $0 >= nextOpen }
    }

    /// Cases opened so far that wait past their acceptance deadline.
    var lateCases: Int { (nextOpen + 3) / 4 }
}
