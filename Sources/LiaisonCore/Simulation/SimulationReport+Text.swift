/// The report as text tables, and the differences between two reports.
extension SimulationReport {
    /// Columns and values of one row, in table order.
    public static func cells(_ row: Row) -> [(ReportColumn, String)] {
        func hours(_ value: Double?) -> String {
            guard let value else { return "-" }
            return value < 10 ? String(format2: value) + "h" : "\(Int(value.rounded()))h"
        }
        let rate = row.onTimeRate.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
        let levels = row.escalations.keys.sorted().map { "L\($0)×\(row.escalations[$0] ?? 0)" }.joined(separator: " ")
        return [
            (.tasks, "\(row.tasks)"), (.onTime, "\(row.onTime)"), (.late, "\(row.late)"), (.open, "\(row.open)"),
            (.overdueNow, "\(row.overdueNow)"), (.onTimeRate, rate),
            (.responseP50, hours(percentile(row.responseHours, 50))), (.responseP90, hours(percentile(row.responseHours, 90))),
            (.completionP50, hours(percentile(row.completionHours, 50))), (.completionP90, hours(percentile(row.completionHours, 90))),
            (.reminders, "\(row.reminders)"), (.escalations, levels.isEmpty ? "0" : levels), (.declines, "\(row.declines)"),
        ]
    }

    /// The unit, workflow and stage tables in English.
    public var lines: [String] { lines(.english) }

    /// The unit, workflow and stage tables, in working hours, headed in `language`.
    public func lines(_ language: Language) -> [String] {
        var lines = [SimulationMessage.summaryHeader(at: at.rfc3339).text(language)]
        for (scope, rows) in [(ReportScope.unit, units), (.workflow, workflows)] {
            lines.append("")
            lines += Self.table([scope.text(language)] + Self.cells(Row(name: "")).map { $0.0.text(language) },
                                rows.map { [$0.name] + Self.cells($0).map(\.1) })
        }
        lines.append("")
        lines += Self.table([ReportScope.stage.text(language), ReportColumn.visitsEnded.text(language), ReportColumn.medianWorkingTime.text(language)],
                            stages.map { [$0.name, "\($0.hours.count)", Self.median($0)] })
        return lines
    }

    /// What changes from this report to `other`, in English.
    public func differences(to other: SimulationReport) -> [String] {
        differenceMessages(to: other).map { $0.text(.english) }
    }

    /// What changes from this report to `other`, one message per unit, workflow or stage that
    /// differs (`unit tax: on-time 1 → 2, late 1 → 0`); empty when both say the same.
    public func differenceMessages(to other: SimulationReport) -> [SimulationMessage] {
        var lines: [SimulationMessage] = []
        for (scope, mine, theirs) in [(ReportScope.unit, units, other.units), (.workflow, workflows, other.workflows)] {
            let names = Set(mine.map(\.name)).union(theirs.map(\.name)).sorted()
            for name in names {
                let before = Self.cells(mine.first { $0.name == name } ?? Row(name: name))
                let after = Self.cells(theirs.first { $0.name == name } ?? Row(name: name))
                let changed = zip(before, after).filter { $0.1 != $1.1 }.map { ReportChange(column: $0.0, before: $0.1, after: $1.1) }
                if !changed.isEmpty { lines.append(.difference(scope, name: name, changes: changed)) }
            }
        }
        let stageNames = Set(stages.map(\.name)).union(other.stages.map(\.name)).sorted()
        for name in stageNames {
            func median(_ report: SimulationReport) -> String {
                report.stages.first { $0.name == name }.map(Self.median) ?? "-"
            }
            if median(self) != median(other) {
                lines.append(.difference(.stage, name: name, changes: [ReportChange(column: .medianWorkingTime, before: median(self), after: median(other))]))
            }
        }
        return lines
    }

    /// A stage's median working time as a cell.
    private static func median(_ stage: StageRow) -> String {
        percentile(stage.hours, 50).map { String(format2: $0) + "h" } ?? "-"
    }

    /// Left-aligned first column, right-aligned numbers, two spaces between columns; widths in
    /// terminal columns, so that Chinese headings line up.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].terminalWidth }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, text in
                column == 0 ? text.padded(to: widths[column]) : text.padded(leftTo: widths[column])
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
            .array(rows.map { row in .object([("name", .string(row.name))] + Self.cells(row).map { ($0.0.rawValue, JSONValue.string($0.1)) }) })
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
