/// The report as text tables, and the differences between two reports.
extension SimulationReport {
    /// Column names and values of one row, in table order.
    public static func cells(_ row: Row) -> [(String, String)] {
        func hours(_ value: Double?) -> String {
            guard let value else { return "-" }
            return value < 10 ? String(format2: value) + "h" : "\(Int(value.rounded()))h"
        }
        let rate = row.onTimeRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
        let levels = row.escalations.keys.sorted().map { "L\($0)×\(row.escalations[$0] ?? 0)" }.joined(separator: " ")
        return [
            ("tasks", "\(row.tasks)"), ("on-time", "\(row.onTime)"), ("late", "\(row.late)"), ("open", "\(row.open)"),
            ("overdue-now", "\(row.overdueNow)"), ("on-time-rate", rate),
            ("response-p50", hours(percentile(row.responseHours, 50))), ("response-p90", hours(percentile(row.responseHours, 90))),
            ("completion-p50", hours(percentile(row.completionHours, 50))), ("completion-p90", hours(percentile(row.completionHours, 90))),
            ("reminders", "\(row.reminders)"), ("escalations", levels.isEmpty ? "0" : levels), ("declines", "\(row.declines)"),
        ]
    }

    /// The unit, workflow and stage tables, in working hours.
    public var lines: [String] {
        var lines = ["summary at \(at.rfc3339) (times in working hours; response = to acceptance, completion = to completion)"]
        for (title, rows) in [("unit", units), ("workflow", workflows)] {
            lines.append("")
            lines += Self.table([title] + Self.cells(Row(name: "")).map(\.0), rows.map { [$0.name] + Self.cells($0).map(\.1) })
        }
        lines.append("")
        lines += Self.table(["stage", "visits-ended", "median-working-time"], stages.map { stage in
            let median = Self.percentile(stage.hours, 50).map { String(format2: $0) + "h" } ?? "-"
            return [stage.name, "\(stage.hours.count)", median]
        })
        return lines
    }

    /// What changes from this report to `other`, one line per unit, workflow or stage that
    /// differs (`tax: on-time 1 → 2, late 1 → 0`); empty when both say the same.
    public func differences(to other: SimulationReport) -> [String] {
        var lines: [String] = []
        for (kind, mine, theirs) in [("unit", units, other.units), ("workflow", workflows, other.workflows)] {
            let names = Set(mine.map(\.name)).union(theirs.map(\.name)).sorted()
            for name in names {
                let before = Self.cells(mine.first { $0.name == name } ?? Row(name: name))
                let after = Self.cells(theirs.first { $0.name == name } ?? Row(name: name))
                let changed = zip(before, after).filter { $0.1 != $1.1 }.map { "\($0.0) \($0.1) → \($1.1)" }
                if !changed.isEmpty { lines.append("\(kind) \(name): " + changed.joined(separator: ", ")) }
            }
        }
        let stageNames = Set(stages.map(\.name)).union(other.stages.map(\.name)).sorted()
        for name in stageNames {
            func median(_ report: SimulationReport) -> String {
                report.stages.first { $0.name == name }.flatMap { Self.percentile($0.hours, 50) }.map { String(format2: $0) + "h" } ?? "-"
            }
            if median(self) != median(other) { lines.append("stage \(name): median-working-time \(median(self)) → \(median(other))") }
        }
        return lines
    }

    /// Left-aligned first column, right-aligned numbers, two spaces between columns.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.count)
                return column == 0 ? text + padding : padding + text
            }.joined(separator: "  ")
        }
    }
}

extension String {
    /// A number with one decimal, without Foundation (`3.25` → `3.3`, `12` → `12.0`).
    init(format2 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(abs(tenths % 10))"
    }
}

extension SimulationReport {
    /// The report as JSON (`simulate --format json`): the same cells as the text tables.
    public var json: JSONValue {
        func rows(_ rows: [Row]) -> JSONValue {
            .array(rows.map { row in .object([("name", .string(row.name))] + Self.cells(row).map { ($0.0, JSONValue.string($0.1)) }) })
        }
        return .object([
            ("units", rows(units)), ("workflows", rows(workflows)),
            ("stages", .array(stages.map { stage in
                .object([("name", .string(stage.name)), ("visitsEnded", .integer(Int64(stage.hours.count))),
                         ("medianWorkingHours", Self.percentile(stage.hours, 50).map(JSONValue.double) ?? .null)])
            })),
        ])
    }
}
