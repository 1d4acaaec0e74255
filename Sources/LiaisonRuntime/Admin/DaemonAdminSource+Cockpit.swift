import LiaisonCore
import LiaisonHTTP
import LiaisonStore

/// The cockpit's document: the numbers of the latest `liaison.metrics` snapshot and the tasks
/// overdue now, read from the store.
extension DaemonAdminSource: CockpitSource {
    /// The most overdue tasks listed (the total is always given).
    static let cockpitOverdueLimit = 200

    func cockpitJSON() async throws -> String {
        let now = clock()
        var snapshots = cockpitFeed.snapshots
        if snapshots.isEmpty {
            // Not published here (yet): merge the store's rows the way the publisher does.
            let rows = try await store.metricRows(partitions: Array(0..<max(1, inboundPartitions)))
            let merged = MetricRows.merged(rows).numbers
            let numbers = MetricWindows.published(merged, today: String(catalog.windowCalendar.localRFC3339(of: now).prefix(10)))
            snapshots = numbers.keys.sorted().compactMap { key in numbers[key].map { MetricSnapshot(key: key, at: now, numbers: $0) } }
        }
        let registry = catalog.units?.units ?? []
        var units: [JSONValue] = []
        var workflows: [JSONValue] = []
        var windows: [String: [String: JSONValue]] = [:]
        for snapshot in snapshots {
            if let window = snapshot.key.window {
                // Today, this week, this month, rolling 30 days: beside the totals, per key.
                let name = window.hasPrefix("day/") ? (window == "day/" + String(catalog.windowCalendar.localRFC3339(of: snapshot.at).prefix(10)) ? "today" : "yesterday")
                    : String(window.prefix { $0 != "/" })
                windows["\(snapshot.key.kind)/\(snapshot.key.id)", default: [:]][name] = snapshot.data
                continue
            }
            switch snapshot.key.scope {
            case .unit(let id):
                let unit = registry.first { $0.id == id }
                units.append(.object([("id", .string(id)), ("name", .string(unit?.name ?? id)),
                                      ("nameEn", .string(unit?.nameEnglish ?? unit?.name ?? id)), ("metrics", snapshot.data)]))
            case .workflow(let id):
                let title = catalog.workflows.filter { $0.id == id }.max { $0.version < $1.version }?.title ?? id
                workflows.append(.object([("id", .string(id)), ("title", .string(title)), ("metrics", snapshot.data)]))
            }
        }
        units = units.map { Self.adding(windows, to: $0, kind: "unit") }
        workflows = workflows.map { Self.adding(windows, to: $0, kind: "workflow") }
        let overdue = try await overdueTasks(now: now)
        let trend = try await dailyTrend(now: now)
        return JSONValue.object([
            ("instance", .string(instanceID)),
            ("at", snapshots.first.map { .string($0.at.rfc3339) } ?? .null),
            ("now", .string(now.rfc3339)),
            ("units", .array(units)),
            ("workflows", .array(workflows)),
            ("overdue", .array(overdue.prefix(Self.cockpitOverdueLimit).map { task in
                .object([
                    ("case", .string(task.caseID)), ("workflow", .string(task.workflow)), ("stage", .string(task.stage)),
                    ("unit", .string(task.owner)), ("taskUnit", .string(task.taskUnit)), ("deadline", .string(task.deadline)),
                    ("due", .string(task.due.rfc3339)), ("overdueMilliseconds", .integer(now.milliseconds(since: task.due))),
                    ("level", .integer(Int64(task.level))), ("levels", .integer(Int64(task.levels))),
                ])
            })),
            ("overdueTotal", .integer(Int64(overdue.count))),
            ("trend", trend),
        ]).serializedString
    }

    /// A unit's or workflow's entry with its window snapshots (`windows.today`, `.week`, …).
    static func adding(_ windows: [String: [String: JSONValue]], to entry: JSONValue, kind: String) -> JSONValue {
        guard case .object(var members) = entry, let id = entry["id"]?.stringValue, let found = windows["\(kind)/\(id)"] else { return entry }
        members.append(("windows", .object(found.keys.sorted().compactMap { key in found[key].map { (key, $0) } })))
        return .object(members)
    }

    /// The last 30 calendar-local days, all workflows together: tasks assigned, completed, on
    /// time and late, escalations and declines per day (from the daily metric rows).
    /// Read from the last publication when this instance publishes (no store read per refresh),
    /// else from the store's rows.
    func dailyTrend(now: Timestamp) async throws -> JSONValue {
        var days = cockpitFeed.days
        if cockpitFeed.snapshots.isEmpty {
            let rows = try await store.metricRows(partitions: Array(0..<max(1, inboundPartitions)))
            days = CockpitFeed.workflowDays(MetricRows.merged(rows).numbers)
        }
        let calendar = catalog.windowCalendar
        let today = now.milliseconds
        let dates = (0..<30).reversed().map { back in
            String(calendar.localRFC3339(of: Timestamp(milliseconds: today - Int64(back) * 86_400_000)).prefix(10))
        }
        return .array(dates.map { date in
            let n = days[date] ?? MetricContribution()
            return .object([("day", .string(date)), ("assigned", .integer(n[.assigned])), ("completed", .integer(n[.completed])),
                            ("completedOnTime", .integer(n[.completedOnTime])), ("completedLate", .integer(n[.completedLate])),
                            ("escalations", .integer(n[.escalations])), ("declines", .integer(n[.declines]))])
        })
    }

    /// Every overdue task of the open overdue cases, most overdue first.
    func overdueTasks(now: Timestamp) async throws -> [OverdueTask] {
        var tasks: [OverdueTask] = []
        var after: String?
        repeat {
            let page = try await store.listCases(CaseFilter(status: .open, overdueAt: now.milliseconds), after: after, limit: 500)
            let states = try await store.caseStates(ids: page.cases.map(\.id))
            for listing in page.cases {
                guard let bytes = states[listing.id], let state = try? CaseState(decoding: bytes) else { continue }
                tasks += state.overdueTasks(workflow: catalog.workflow(id: state.workflowID, version: state.version), now: now)
            }
            after = page.next
        } while after != nil && tasks.count < 10 * Self.cockpitOverdueLimit
        return tasks.sorted { ($0.due, $0.caseID, $0.owner) < ($1.due, $1.caseID, $1.owner) }
    }
}
