import LiaisonCore
import LiaisonStore
import Logging

/// What the daemon checks in the store before it takes any partition: every case row has a
/// summary (rows written before summaries existed are backfilled), and no open case follows a
/// workflow version that is no longer loaded.
enum StoreStartupCheck {
    /// Refuses a start that would read its input offsets in another topic than the one they
    /// were committed in: after switching between the router's two hops and reading a keyed
    /// department topic directly, or after renaming the topic read. Stores that never recorded
    /// their topic are bound to it here (those holding offsets to the inbound topic).
    static func checkOffsetsTopic(store: any StateStore, topics: LiaisonConfiguration.Topics, logger: Logger) async throws {
        let reading = topics.processing
        let bound = try await store.bindOffsets(to: reading, legacy: topics.inbound)
        guard bound != reading else { return }
        let how = topics.direct == nil
            ? "through the router, from the inbound topic '\(reading)'"
            : "directly from the department topic '\(reading)' (declared keyed_by_case)"
        throw RuntimeError(code: .badConfiguration, reason: """
            the store's input offsets are positions in topic '\(bound)', and this configuration reads \
            \(how); read there they would skip or repeat records. Start with the topics the store was \
            written with, or start this configuration on a new, empty store
            """)
    }

    /// Rows decoded and written per backfill step.
    static let backfillBatch = 500

    /// Computes the summary of every row that has none, `backfillBatch` rows at a time,
    /// logging progress; returns how many were filled and how many states could not be read
    /// (those are logged and left without a summary).
    @discardableResult
    static func backfillSummaries(store: any StateStore, logger: Logger, batch: Int = backfillBatch) async throws -> (filled: Int, unreadable: Int) {
        let missing = try await store.caseCounts().filter { $0.status == nil }.reduce(0) { $0 + $1.count }
        guard missing > 0 else { return (0, 0) }
        logger.info("backfilling case summaries for rows written before this version", metadata: ["rows": "\(missing)"])
        var after: String?
        var (filled, unreadable) = (0, 0)
        while true {
            let rows = try await store.casesWithoutSummary(after: after, limit: batch)
            guard let last = rows.last else { break }
            after = last.id
            var fills: [SummaryFill] = []
            for row in rows {
                do {
                    fills.append(SummaryFill(caseID: row.id, state: row.state, summary: try CaseState(decoding: row.state).storeSummary))
                } catch {
                    unreadable += 1
                    logger.error("stored case state cannot be decoded; it stays out of case counts and lists",
                                 metadata: ["case": "\(row.id)", "error": "\(error)"])
                }
            }
            filled += try await store.fillSummaries(fills)
            logger.info("backfilling case summaries", metadata: ["done": "\(filled + unreadable)", "rows": "\(missing)"])
        }
        return (filled, unreadable)
    }

    /// One workflow version's open cases.
    struct VersionCount: Hashable, Sendable {
        var workflow: String
        var version: Int
        var open: Int
    }

    /// Open cases per loaded version, and per version that is not loaded.
    struct Report: Hashable, Sendable {
        /// Every loaded version, with its open cases (0 included).
        var loaded: [VersionCount]
        /// Versions not loaded that open cases still follow.
        var orphans: [VersionCount]
    }

    /// Sorts the store's counts into loaded versions and orphans.
    static func report(counts: [CaseCount], catalog: WorkflowCatalog) -> Report {
        var open: [String: VersionCount] = [:]
        for count in counts where count.status == .open {
            guard let workflow = count.workflow, let version = count.version else { continue }
            open["\(workflow)@\(version)", default: VersionCount(workflow: workflow, version: version, open: 0)].open += count.count
        }
        let loaded = catalog.workflows.map { workflow in
            VersionCount(workflow: workflow.id, version: workflow.version, open: open["\(workflow.id)@\(workflow.version)"]?.open ?? 0)
        }
        let orphans = open.values
            .filter { catalog.workflow(id: $0.workflow, version: $0.version) == nil }
            .sorted { ($0.workflow, $0.version) < ($1.workflow, $1.version) }
        return Report(loaded: loaded, orphans: orphans)
    }

    /// Logs the open cases of each loaded version and refuses to go on when open cases follow
    /// a version that is not loaded, unless `allowOrphans`.
    static func checkWorkflowVersions(store: any StateStore, catalog: WorkflowCatalog, workflowsFolder: String,
                                      allowOrphans: Bool, logger: Logger) async throws -> Report {
        let report = report(counts: try await store.caseCounts(), catalog: catalog)
        for version in report.loaded {
            logger.info("workflow version loaded", metadata: [
                "workflow": "\(version.workflow)", "version": "\(version.version)", "open_cases": "\(version.open)",
            ])
        }
        guard !report.orphans.isEmpty else { return report }
        let list = report.orphans.map { "\($0.workflow) version \($0.version) (\($0.open) open case\($0.open == 1 ? "" : "s"))" }
            .joined(separator: ", ")
        guard allowOrphans else {
            throw RuntimeError(code: .orphanedCases, reason: """
                open cases follow workflow versions that are not loaded: \(list). Their events would be refused \
                (unknown-workflow) and their deadlines would go unchased. Put those workflow files back in \(workflowsFolder), \
                or start with --allow-orphaned-cases (allow_orphaned_cases: true, LIAISON_ALLOW_ORPHANED_CASES=true) \
                to accept that
                """)
        }
        logger.warning("open cases follow workflow versions that are not loaded; started anyway (allow_orphaned_cases): their events are refused as unknown-workflow",
                       metadata: ["versions": "\(list)"])
        return report
    }
}
