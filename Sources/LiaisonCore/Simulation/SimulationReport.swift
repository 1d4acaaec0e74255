/// The numbers a process designer decides from, per unit, per workflow and per stage, over one
/// simulation run (`liaison simulate` prints them; `--compare` prints how two runs differ).
///
/// Times are working hours of the workflow's calendar (elapsed hours without one), so that a
/// weekend does not make a unit look slow.
public struct SimulationReport: Hashable, Sendable {
    /// Totals of the tasks of one unit or one workflow.
    public struct Row: Hashable, Sendable {
        /// The unit or workflow id.
        public var name: String
        /// Tasks assigned, completed on time, completed late, still open, and open past a deadline now.
        public var tasks = 0, onTime = 0, late = 0, open = 0, overdueNow = 0
        /// Working hours from assignment to acceptance, and to completion, per task.
        public var responseHours: [Double] = [], completionHours: [Double] = []
        /// Reminders received, escalations by level (1 = first), declines.
        public var reminders = 0, escalations: [Int: Int] = [:], declines = 0

        /// Completed on time out of completed, nil before any completion.
        public var onTimeRate: Double? { onTime + late == 0 ? nil : Double(onTime) / Double(onTime + late) }
    }

    /// Median working hours a stage kept its cases, over the visits that ended.
    public struct StageRow: Hashable, Sendable {
        /// `workflow/stage`.
        public var name: String
        /// Visits that ended, and their working hours.
        public var hours: [Double] = []
    }

    /// Per unit, sorted by id.
    public var units: [Row]
    /// Per workflow, sorted by id.
    public var workflows: [Row]
    /// Per workflow stage, in order of first visit.
    public var stages: [StageRow]
    /// The virtual time the report was taken at.
    public var at: Timestamp

    /// The report of `ledger` at `now`, with working time measured by `catalog`'s calendars.
    public init(ledger: SimulationLedger, catalog: WorkflowCatalog, at now: Timestamp) {
        func calendar(_ workflow: String, _ version: Int) -> BusinessCalendar {
            catalog.workflow(id: workflow, version: version)?.calendar ?? .alwaysOpen
        }
        func hours(_ calendar: BusinessCalendar, _ from: Timestamp, _ to: Timestamp) -> Double {
            Double(calendar.workingMilliseconds(from: from, to: to)) / 3_600_000
        }
        var units: [String: Row] = [:]
        var workflows: [String: Row] = [:]
        func update(_ unit: String, _ workflow: String, _ change: (inout Row) -> Void) {
            change(&units[unit, default: Row(name: unit)])
            change(&workflows[workflow, default: Row(name: workflow)])
        }
        for task in ledger.tasks {
            let cal = calendar(task.workflow, task.version)
            update(task.unit, task.workflow) { row in
                row.tasks += 1
                if let accepted = task.acceptedAt { row.responseHours.append(hours(cal, task.assignedAt, accepted)) }
                if let completed = task.completedAt {
                    row.completionHours.append(hours(cal, task.assignedAt, completed))
                    if let due = task.completeBy, completed > due { row.late += 1 } else { row.onTime += 1 }
                } else if !task.closed {
                    row.open += 1
                    let due = task.acceptedAt == nil ? [task.acceptBy, task.completeBy] : [task.completeBy]
                    if due.contains(where: { $0.map { $0 < now } ?? false }) { row.overdueNow += 1 }
                }
            }
        }
        for chase in ledger.chases {
            update(chase.unit, chase.workflow) { row in
                switch chase.kind {
                case .reminder: row.reminders += 1
                case .escalation(let level): row.escalations[level, default: 0] += 1
                case .decline: row.declines += 1
                }
            }
        }
        var stageRows: [StageRow] = []
        var stageIndex: [String: Int] = [:]
        for visit in ledger.stages {
            let name = "\(visit.workflow)/\(visit.stage)"
            if stageIndex[name] == nil {
                stageIndex[name] = stageRows.count
                stageRows.append(StageRow(name: name))
            }
            guard let left = visit.leftAt, let index = stageIndex[name] else { continue }
            stageRows[index].hours.append(hours(calendar(visit.workflow, visit.version), visit.enteredAt, left))
        }
        self.units = units.keys.sorted().compactMap { units[$0] }
        self.workflows = workflows.keys.sorted().compactMap { workflows[$0] }
        self.stages = stageRows
        self.at = now
    }

    /// The nearest-rank `percent` percentile of `values`; nil when there are none.
    public static func percentile(_ values: [Double], _ percent: Int) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, Int((Double(percent) / 100 * Double(sorted.count)).rounded(.up)))
        return sorted[min(rank, sorted.count) - 1]
    }
}
