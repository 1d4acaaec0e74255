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
            let numbers = MetricRows.merged(rows).numbers
            snapshots = numbers.keys.sorted().compactMap { key in numbers[key].map { MetricSnapshot(key: key, at: now, numbers: $0) } }
        }
        let registry = catalog.units?.units ?? []
        var units: [JSONValue] = []
        var workflows: [JSONValue] = []
        for snapshot in snapshots {
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
        let overdue = try await overdueTasks(now: now)
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
        ]).serializedString
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
