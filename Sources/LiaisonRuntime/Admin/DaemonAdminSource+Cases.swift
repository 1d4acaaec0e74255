import LiaisonCore
import LiaisonHTTP
import LiaisonStore

/// The case list, the case history and the dead letters, as the admin endpoints show them.
extension DaemonAdminSource {
    func caseList(_ query: CaseListQuery) async throws -> CaseListPage {
        let now = clock().milliseconds
        let filter = CaseFilter(workflow: query.workflow, version: query.version,
                                status: query.status.flatMap { CaseSummary.Status(rawValue: $0.rawValue) },
                                unit: query.unit, overdueAt: query.overdue ? now : nil)
        let page = try await store.listCases(filter, after: query.after, limit: query.limit)
        return CaseListPage(cases: page.cases.map { Self.listing($0, now: now).serializedString }, after: page.next)
    }

    /// One case of the list: id, workflow and version, status, who owes something, the next
    /// deadline and whether it passed.
    static func listing(_ listing: CaseListing, now: Int64) -> JSONValue {
        let summary = listing.summary
        func time(_ ms: Int64?) -> JSONValue { ms.map { .string(Timestamp(milliseconds: $0).rfc3339) } ?? .null }
        return .object([
            ("case", .string(listing.id)),
            ("workflow", summary?.workflow.map { .string($0) } ?? .null),
            ("version", summary?.version.map { .integer(Int64($0)) } ?? .null),
            ("status", summary.map { .string($0.status.rawValue) } ?? .string("unknown")),
            ("openUnits", .array((summary?.openUnits ?? []).map { .string($0) })),
            ("nextDeadline", time(summary?.nextDeadline)),
            ("overdue", .bool(summary?.nextDeadline.map { $0 < now } ?? false)),
            ("openedAt", time(summary?.openedAt)),
            ("updated", time(listing.updated)),
            ("partition", .integer(Int64(listing.partition))),
        ])
    }

    /// The case's history records, each with its time in UTC and in the calendar's local time.
    func historyJSON(id: String, calendar: BusinessCalendar) async throws -> JSONValue {
        let records = try await store.caseHistory(id: id, limit: historyLimit)
        return .array(records.map { record in
            let at = Timestamp(milliseconds: record.at)
            var members: [(String, JSONValue)] = [
                ("seq", .integer(record.seq)), ("kind", .string(record.kind.rawValue)),
                ("at", .string(at.rfc3339)), ("local", .string(calendar.localRFC3339(of: at))),
            ]
            if case .object(let details)? = try? JSONValue.parse(Array(record.entry.utf8)) {
                members += details
            } else {
                members.append(("entry", .string(record.entry)))
            }
            return .object(members)
        })
    }

    func deadLettersJSON() async -> String {
        let (notes, total) = metrics.recentDeadLetters.recent()
        let list = notes.map { note -> JSONValue in
            .object([
                ("time", .string(note.time.rfc3339)),
                ("code", .string(note.code)),
                ("stage", .string(note.stage)),
                ("topic", note.source.map { .string($0.topic) } ?? .null),
                ("partition", note.source?.partition.map { .integer(Int64($0)) } ?? .null),
                ("offset", note.source?.offset.map { .integer($0) } ?? .null),
                ("case", note.caseID.map { .string($0) } ?? .null),
                ("reason", .string(note.reason)),
            ])
        }
        return JSONValue.object([
            ("instance", .string(instanceID)),
            ("scope", .string("this instance, since it started; the dead-letter topic is the durable record")),
            ("recordedSinceStart", .integer(Int64(total))),
            ("kept", .integer(Int64(metrics.recentDeadLetters.capacity))),
            ("deadLetters", .array(list)),
        ]).serializedString
    }
}
