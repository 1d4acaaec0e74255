import LiaisonCore
import LiaisonHTTP
import LiaisonStore

/// The daemon's answers to the admin endpoints: readiness from its counters and the store,
/// cases read from the store, workflows from the loaded catalog.
struct DaemonAdminSource: AdminSource {
    let instanceID: String
    let catalog: WorkflowCatalog
    let store: any StateStore
    let metrics: RuntimeMetrics
    /// History records shown per case (`store.history_per_case`: all the store keeps).
    var historyLimit = StoreBatch.defaultHistoryPerCase
    /// What `overdue` is measured against.
    var clock: @Sendable () -> Timestamp = { Timestamp.now() }
    /// The metrics snapshot published last, shown by the cockpit.
    var cockpitFeed = CockpitFeed()
    /// The inbound topic's partitions, whose metric rows the cockpit merges before the first snapshot.
    var inboundPartitions: Int32 = 1

    func health() async -> ProbeResult {
        ProbeResult(checks: ["process alive (instance \(instanceID))", "version \(BuildInfo.version) commit \(BuildInfo.commit)"])
    }

    /// Ready when the store answers, a broker answered within `Readiness.contactMaxAge`, and the
    /// instance owns its partitions or the group legitimately gave it none.
    /// The longest the readiness probe waits for the store (Kubernetes' probe gives up at 5 s).
    static let storeProbeBound: Duration = .seconds(3)

    func readiness() async -> ProbeResult {
        var result = ProbeResult()
        // A key lookup through the same queue as the commits: cheap on any store size, and it
        // fails when the store does (unlike counting rows, which grows with it). Bounded, so
        // that a database that stopped answering makes the probe fail rather than hang.
        let store = self.store
        let bound = Self.storeProbeBound
        let answer: Result<Void, any Error>? = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                do {
                    _ = try await store.caseStates(ids: ["liaison.readiness-probe"])
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: bound)
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
        switch answer {
        case .success?: result.checks.append("store answers reads")
        case .failure(let error)?: result.failures.append("store cannot be read: \(error)")
        case nil: result.failures.append("store did not answer a read within \(bound)")
        }
        let snapshot = metrics.snapshot()
        if let fault = snapshot.storeFault {
            result.failures.append("store failing, retried until it clears; no new work is taken in meanwhile: \(fault)")
        }
        var parts = ProbeResultParts()
        Readiness.kafkaAndPartitions(snapshot, now: .now, into: &parts)
        result.checks += parts.checks
        result.failures += parts.failures
        return result
    }

    func caseJSON(id: String) async throws -> String? {
        let stored = try await store.caseStates(ids: [id])
        guard let bytes = stored[id] else { return nil }
        let state = try CaseState(decoding: bytes)
        let workflow = catalog.workflow(id: state.workflowID, version: state.version)
        let calendar = workflow?.calendar ?? .alwaysOpen
        guard case .object(var members) = state.summary(workflow: workflow) else { return nil }
        // The state's own record of the past is counts; the full history is in the store.
        if let index = members.firstIndex(where: { $0.0 == "history" }) {
            members[index].0 = "counts"
        }
        members.append(("timeZone", .string(calendar.timeZoneIdentifier)))
        members.append(("history", try await historyJSON(id: id, calendar: calendar)))
        return JSONValue.object(members).serializedString
    }

    func workflowsJSON() async -> String {
        let list = catalog.workflows.map { workflow -> JSONValue in
            .object([
                ("id", .string(workflow.id)),
                ("version", .integer(Int64(workflow.version))),
                ("title", .string(workflow.title)),
                ("matter", .string(workflow.matter)),
                ("newest", .bool(catalog.workflow(matter: workflow.matter).map { $0.id == workflow.id && $0.version == workflow.version } ?? false)),
                ("stages", .array(workflow.stages.map { .string($0.id) })),
                ("file", .string(workflow.file)),
            ])
        }
        return JSONValue.object([("workflows", .array(list))]).serializedString
    }
}
