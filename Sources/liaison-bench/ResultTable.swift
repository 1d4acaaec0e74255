import Foundation
import Synchronization

/// The figures of one `liaison-bench` invocation, printed as one table at the end.
final class ResultTable: Sendable {
    struct Row: Sendable {
        var figure: String
        var value: Double
        var baseline: Double?
        var goal: String
        var met: Bool?
        var unit: String
    }

    private let rows = Mutex<[Row]>([])
    private let rate = Mutex<Double?>(nil)

    /// The daemon's median full-path rate, which the timer storm is compared with.
    var fullPathRate: Double? {
        get { rate.withLock { $0 } }
        set { rate.withLock { $0 = newValue } }
    }

    func add(_ figure: String, value: Double, baseline: Double? = nil, goal: String, met: Bool?, unit: String) {
        rows.withLock { $0.append(Row(figure: figure, value: value, baseline: baseline, goal: goal, met: met, unit: unit)) }
    }

    /// Prints the table as Markdown, ready for BENCHMARKS.md.
    func print() {
        var lines = ["", "| figure | Liaison | baseline | ratio | goal | met |", "| --- | ---: | ---: | ---: | --- | --- |"]
        for row in rows.withLock({ $0 }) {
            let baseline = row.baseline.map(Self.format) ?? ""
            let ratio = row.baseline.map { $0 == 0 ? "" : String(format: "%.2f", row.value / $0) } ?? ""
            let met = row.met.map { $0 ? "yes" : "**no**" } ?? ""
            lines.append("| \(row.figure) | \(Self.format(row.value)) | \(baseline) | \(ratio) | \(row.goal) | \(met) |")
        }
        say(lines.joined(separator: "\n"))
    }

    private static func format(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }
}

/// Writes one line to standard output at once (no stdio buffering), so that progress shows
/// while a long benchmark runs, also when the output goes to a file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
