import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime
import LiaisonStore
import Logging
import Testing

/// `kill -9` and SIGTERM against the daemon process: nothing committed is lost, nothing is
/// applied twice, no output goes missing.
@Suite("The daemon survives kill -9 and stops cleanly on SIGTERM", .serialized)
struct CrashRecoveryTests {
    static let cases = 2_000

    @Test func aDaemonKilledMidStreamEndsInTheStateOfAnUninterruptedRunWithNoOutputMissing() async throws {
        let phases = CrashScenario.phases(cases: Self.cases)
        #expect(phases.map(\.records.count).reduce(0, +) == 10_000)

        let steady = try await CrashScenario.run(name: "uninterrupted", phases: phases, killDuring: [])
        let crashed = try await CrashScenario.run(name: "killed", phases: phases, killDuring: [1, 3])
        Self.expectSameEnd(steady: steady, crashed: crashed)
    }

    /// One hop: the processing stage owns the partitions of a department topic keyed by case id.
    /// Killed twice mid-stream, it ends where the router's two hops end uninterrupted.
    @Test func aDaemonReadingItsKeyedDepartmentTopicDirectlyAndKilledMidStreamEndsAsTheTwoHopRunDoes() async throws {
        let phases = CrashScenario.phases(cases: Self.cases)
        let steady = try await CrashScenario.run(name: "two-hops", phases: phases, killDuring: [])
        let crashed = try await CrashScenario.run(name: "direct-killed", phases: phases, killDuring: [1, 3], direct: .crc32)
        Self.expectSameEnd(steady: steady, crashed: crashed)
        #expect(crashed.outputs.filter { $0.topic == "liaison.deadletter" }.isEmpty, "every record of the stream sat in its case's partition")
    }

    /// What a killed run must share with an uninterrupted one: final states, outputs (ids and
    /// content), audit chains, a clean stop and offsets at the end of the input.
    static func expectSameEnd(steady: CrashScenario.Result, crashed: CrashScenario.Result) {
        #expect(crashed.kills == 2)
        #expect(crashed.appliedAtKill.allSatisfy { $0 < 2_000 }, "each kill struck mid-phase: \(crashed.appliedAtKill) of 2000 committed")
        #expect(steady.states.count == Self.cases)
        #expect(crashed.states.count == Self.cases)
        let differing = steady.states.keys.filter { steady.states[$0] != crashed.states[$0] }
        #expect(differing.isEmpty, "cases whose final state differs after kill -9: \(differing.prefix(5))")

        let steadyIDs = Set(steady.outputs.map(\.id))
        let crashedIDs = Set(crashed.outputs.map(\.id))
        #expect(steadyIDs.count == steady.outputs.count, "an uninterrupted run publishes each output once")
        #expect(steadyIDs.subtracting(crashedIDs).isEmpty, "outputs missing after kill -9: \(steadyIDs.subtracting(crashedIDs).prefix(5))")
        #expect(crashedIDs.subtracting(steadyIDs).isEmpty, "outputs only the killed run has: \(crashedIDs.subtracting(steadyIDs).prefix(5))")
        var firstValue: [String: [UInt8]] = [:]
        var mismatched = 0
        for output in crashed.outputs {
            if let seen = firstValue[output.id] {
                if seen != (output.value ?? []) { mismatched += 1 }
            } else {
                firstValue[output.id] = output.value ?? []
            }
        }
        #expect(mismatched == 0, "a repeated output carries the same id and the same content")

        // The audit chain: a batch applied again after kill -9 links the same entries, so every
        // chain verifies, ends where the uninterrupted run's does, and a repeated output carries
        // the same place in it (no fork).
        for run in [steady, crashed] {
            #expect(run.audit.firstFailure == nil, "\(String(describing: run.audit.firstFailure))")
            #expect(run.audit.cases == Self.cases)
        }
        #expect(crashed.audit.entries == steady.audit.entries)
        var chainPlace: [String: [String?]] = [:]
        var forked = 0
        for output in crashed.outputs {
            let place = [output.headers["liaison.chain.seq"], output.headers["liaison.chain.hash"]]
            #expect(place.allSatisfy { $0 != nil }, "output \(output.id) carries its chain headers")
            if let seen = chainPlace[output.id], seen != place { forked += 1 }
            chainPlace[output.id] = place
        }
        #expect(forked == 0, "a repeated output carries the same chain seq and hash")
        let steadyPlace = Dictionary(steady.outputs.map { ($0.id, [$0.headers["liaison.chain.seq"], $0.headers["liaison.chain.hash"]]) },
                                     uniquingKeysWith: { first, _ in first })
        #expect(chainPlace == steadyPlace, "the killed run's chains are the uninterrupted run's")
        print("kill -9 run: \(crashed.outputs.count) outputs read, \(crashedIDs.count) distinct, "
            + "\(crashed.outputs.count - crashedIDs.count) repeated; \(crashed.committedOffsets) inbound records applied; "
            + "kills struck after \(crashed.appliedAtKill) of 2000 records of their phase")

        // Both runs ended with SIGTERM: exit 0, an empty outbox, offsets at the end of the input.
        for run in [steady, crashed] {
            #expect(run.exitStatus == 0)
            #expect(run.outboxDepth == 0)
            #expect(run.committedOffsets >= 10_000, "every inbound record is covered by a committed offset")
        }
        #expect(steady.committedOffsets == 10_000, "without a crash each record is routed exactly once")
    }
}

/// Five phases of 2,000 events each; every phase starts once the previous one was applied, so
/// each case sees its events in the same order in every run.
struct CrashScenario {
    struct Phase: Sendable {
        var records: [KafkaRecord]
        /// The audit-stream output whose id, for every case, shows the phase was applied.
        var signature: @Sendable (Output) -> Bool
    }

    struct Result {
        var states: [String: [UInt8]]
        var outputs: [Output]
        var kills: Int
        /// Records of the phase already committed when each kill struck.
        var appliedAtKill: [Int64]
        var exitStatus: Int32?
        var outboxDepth: Int
        var committedOffsets: Int64
        /// What `liaison audit verify --store` finds in the store at the end.
        var audit: StoreAudit.Report
        /// Timer marks fired, per partition, as the case histories record them.
        var timerMarks: [Int32: TimerMarks] = [:]
        /// The last `liaison.metrics` snapshot (empty when metrics are off).
        var metrics: [String: JSONValue] = [:]
    }

    static func phases(cases: Int, prefix: String = "KILL") -> [Phase] {
        let base = Departments.now()
        let ids = (1...cases).map { String(format: "\(prefix)-%05d", $0) }
        func records(_ type: String, unit: String, step: Int, data: JSONValue) -> [KafkaRecord] {
            ids.map { Departments.event(type, id: "\(unit)-\(type)-\($0)", unit: unit, caseID: $0,
                                        time: base.adding(milliseconds: Int64(step) * 1_000), data: data) }
        }
        let approved: JSONValue = .object([("outcome", "approved")])
        return [
            Phase(records: records("gov.case.opened", unit: "service-window", step: 0,
                                   data: .object([("matter", "e2e-steady"), ("title", "kill test")])),
                  signature: { $0.type == "liaison.case.opened" }),
            Phase(records: records("gov.task.accepted", unit: "alpha", step: 1, data: .object([])),
                  signature: { $0.type == "liaison.task.state_changed" && $0.id.hasSuffix("/alpha/accepted") }),
            Phase(records: records("gov.task.accepted", unit: "beta", step: 2, data: .object([])),
                  signature: { $0.type == "liaison.task.state_changed" && $0.id.hasSuffix("/beta/accepted") }),
            Phase(records: records("gov.task.completed", unit: "alpha", step: 3, data: approved),
                  signature: { $0.type == "liaison.task.state_changed" && $0.id.hasSuffix("/alpha/completed") }),
            Phase(records: records("gov.task.completed", unit: "beta", step: 4, data: approved),
                  signature: { $0.type == "liaison.case.closed" }),
        ]
    }

    /// Runs every phase through a fresh cluster and daemon, killing the daemon with SIGKILL
    /// halfway through the phases listed in `killDuring`, then stops it with SIGTERM.
    /// `metricsInterval` other than `0s` publishes `liaison.metrics`, and the last snapshot
    /// is in the result.
    static func run(name: String, phases: [Phase], killDuring: Set<Int>, metricsInterval: String = "0s",
                    direct: KeyPartitioner? = nil) async throws -> Result {
        // Small batches: a phase takes many commits, so a kill lands between two of them.
        let fixture = try await EndToEndFixture(name: name, workflows: ["e2e-steady.yaml": TestWorkflows.steady],
                                                batchMaxEvents: 25, metricsInterval: metricsInterval, direct: direct)
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        var kills = 0
        var killedMidPhase: [Int64] = []
        for (index, phase) in phases.enumerated() {
            let before = try fixture.appliedInboundRecords()
            try await Departments.publish(fixture.addressed(phase.records), with: producer)
            if killDuring.contains(index) {
                // Kill once part of the phase is committed and part is not.
                let target = before + Int64(phase.records.count / 4)
                var applied = before
                while applied < target {
                    try await Task.sleep(for: .milliseconds(10))
                    applied = try fixture.appliedInboundRecords()
                }
                fixture.daemon?.signal(SIGKILL)
                _ = await fixture.daemon?.waitForExit(timeout: .seconds(10))
                kills += 1
                killedMidPhase.append(try fixture.appliedInboundRecords() - before)
                try fixture.startDaemon()
                try await fixture.waitUntilDaemonReady()
            }
            let expected = phase.records.count
            let outputs = try await reader.read(timeout: .seconds(180)) { outputs in
                Set(outputs.lazy.filter(phase.signature).map(\.id)).count >= expected
            }
            let done = Set(outputs.filter(phase.signature).map(\.id)).count
            guard done >= expected else {
                throw FixtureError("\(name): phase \(index) applied \(done) of \(expected)\n\(fixture.daemon?.output.suffix(3000) ?? "")")
            }
        }
        let metrics = metricsInterval == "0s" ? [:] : try await MetricsEvidence.final(from: reader)
        fixture.daemon?.signal(SIGTERM)
        let status = await fixture.daemon?.waitForExit(timeout: .seconds(60))
        let outputs = try await reader.read(timeout: .seconds(5)) { _ in false }
        await reader.close()
        try await producer.close()

        let timerMarks = try fixture.timerMarksFired()
        let store = try SQLiteStore(path: fixture.storePath, logger: fixture.logger)
        let ids = Array(Set(phases.flatMap(\.records).compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } }))
        let states = try await store.caseStates(ids: ids)
        let statistics = try await store.statistics()
        let leases = try await store.acquire(partitions: Array(0..<4), owner: "test")
        let committed = leases.compactMap(\.nextOffset).reduce(0, +)
        let audit = try await StoreAudit(store: store, keep: nil).verifyAll()
        return Result(states: states, outputs: outputs, kills: kills, appliedAtKill: killedMidPhase, exitStatus: status,
                      outboxDepth: Int(statistics.outboxDepth), committedOffsets: committed, audit: audit,
                      timerMarks: timerMarks, metrics: metrics)
    }
}
