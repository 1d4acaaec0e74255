import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonStore
import LiaisonStorePostgreSQL
import LiaisonTestSupport
import Logging
import Testing

/// Three daemons over one PostgreSQL store and one test cluster: the consumer group splits the
/// partitions, the store's leases fence whoever lost one, and neither a `kill -9` of one
/// instance nor a rolling restart of all three changes anything in the end.
@Suite("Several instances share one PostgreSQL store", .serialized)
struct ScaleOutTests {
    @Test func threeInstancesKilledOrRestartedInTurnEndInTheStateOfASingleUninterruptedRun() async throws {
        let phases = CrashScenario.phases(cases: CrashRecoveryTests.cases)
        let steady = try await CrashScenario.run(name: "single", phases: phases, killDuring: [])
        let shared = try await ScaleOutScenario.run(name: "three", phases: phases, instances: 3, disruptDuring: 1, by: .kill)
        try Self.expectSameOutcome(steady: steady, shared: shared)
        print("three instances, one killed: \(shared.outputs.count) outputs read, \(Set(shared.outputs.map(\.id)).count) distinct; "
            + "fail-over from kill -9 to the partitions acquired again took \(shared.failover.map { "\($0)" } ?? "?")")

        // A rolling restart of all three during the stream: each stops on SIGTERM (status 0),
        // starts again and takes partitions back, while the others carry on.
        let rolling = try await ScaleOutScenario.run(name: "rolling", phases: phases, instances: 3, disruptDuring: 3, by: .rollingRestart)
        try Self.expectSameOutcome(steady: steady, shared: rolling)
        #expect(rolling.stoppedCleanly, "every instance stopped cleanly (status 0) on SIGTERM")
    }

    private static func expectSameOutcome(steady: CrashScenario.Result, shared: ScaleOutScenario.Result) throws {
        #expect(shared.instancesThatOwnedPartitions >= 2, "the group split the partitions among the instances")
        #expect(shared.killedOwned, "the disrupted instance owned partitions when it was stopped")
        #expect(steady.states.count == CrashRecoveryTests.cases)
        #expect(shared.states.count == CrashRecoveryTests.cases)
        let differing = steady.states.keys.filter { steady.states[$0] != shared.states[$0] }
        #expect(differing.isEmpty, "cases whose final state differs with several instances: \(differing.prefix(5))")

        let steadyIDs = Set(steady.outputs.map(\.id))
        let sharedIDs = Set(shared.outputs.map(\.id))
        #expect(steadyIDs.subtracting(sharedIDs).isEmpty, "outputs missing: \(steadyIDs.subtracting(sharedIDs).prefix(5))")
        #expect(sharedIDs.subtracting(steadyIDs).isEmpty, "outputs only the shared run has: \(sharedIDs.subtracting(steadyIDs).prefix(5))")
        var firstValue: [String: [UInt8]] = [:]
        var mismatched = 0
        for output in shared.outputs {
            if let seen = firstValue[output.id] {
                if seen != (output.value ?? []) { mismatched += 1 }
            } else {
                firstValue[output.id] = output.value ?? []
            }
        }
        #expect(mismatched == 0, "a repeated output carries the same id and the same content")
        #expect(shared.outboxDepth == 0)
        #expect(shared.committedOffsets >= 10_000)
    }
}

enum ScaleOutScenario {
    struct Result {
        var states: [String: [UInt8]]
        var outputs: [Output]
        var instancesThatOwnedPartitions: Int
        var killedOwned: Bool
        var failover: Duration?
        /// After a rolling restart: every instance exited with status 0 on SIGTERM.
        var stoppedCleanly: Bool
        var outboxDepth: Int
        var committedOffsets: Int64
    }

    enum Disruption {
        /// SIGKILL, not restarted.
        case kill
        /// Every instance in turn: SIGTERM, start again, wait until it owns partitions.
        case rollingRestart
    }

    /// Runs the phases through `instances` daemons sharing a fresh PostgreSQL database; one of
    /// them is disrupted a quarter into phase `disruptDuring`.
    static func run(name: String, phases: [CrashScenario.Phase], instances: Int, disruptDuring: Int,
                    by disruption: Disruption) async throws -> Result {
        let server = try ThrowawayPostgres.shared()
        let url = server.url(database: try server.createDatabase(prefix: "scaleout"))
        let fixture = try await EndToEndFixture(name: name, workflows: ["e2e-steady.yaml": TestWorkflows.steady],
                                                batchMaxEvents: 25, storeURL: url)
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        for _ in 1..<instances { try fixture.startOtherDaemon() }
        // Every instance owns partitions once the group settled.
        try await waitUntil(timeout: .seconds(120), "every instance owns partitions") {
            fixture.others.allSatisfy { $0.output.contains("acquired partitions") }
        }
        var killedOwned = false
        var failover: Duration?
        var stoppedCleanly = false
        for (index, phase) in phases.enumerated() {
            let before = try fixture.appliedInboundRecords()
            try await Departments.publish(phase.records, with: producer)
            if index == disruptDuring && disruption == .rollingRestart {
                let target = before + Int64(phase.records.count / 4)
                while try fixture.appliedInboundRecords() < target { try await Task.sleep(for: .milliseconds(10)) }
                killedOwned = true
                var restarts: [Bool] = []
                fixture.daemon?.signal(SIGTERM)
                restarts.append(await fixture.daemon?.waitForExit(timeout: .seconds(60)) == 0)
                try fixture.startDaemon()
                try await waitUntil(timeout: .seconds(240), "the restarted first instance owns partitions") {
                    fixture.daemon?.output.contains("acquired partitions") ?? false
                }
                for other in fixture.others.indices {
                    fixture.others[other].signal(SIGTERM)
                    restarts.append(await fixture.others[other].waitForExit(timeout: .seconds(60)) == 0)
                    try fixture.restartOther(other)
                    try await waitUntil(timeout: .seconds(240), "restarted instance \(other + 2) owns partitions") {
                        fixture.others[other].output.contains("acquired partitions")
                    }
                }
                stoppedCleanly = restarts.allSatisfy { $0 }
            } else if index == disruptDuring {
                let target = before + Int64(phase.records.count / 4)
                while try fixture.appliedInboundRecords() < target { try await Task.sleep(for: .milliseconds(10)) }
                let victim = fixture.others[0]
                killedOwned = victim.output.contains("acquired partitions")
                let survivorsLog = { fixture.others.dropFirst().map(\.output).joined() + (fixture.daemon?.output ?? "") }
                let acquisitionsBefore = survivorsLog().components(separatedBy: "acquired partitions").count
                victim.signal(SIGKILL)
                let killedAt = ContinuousClock.now
                _ = await victim.waitForExit(timeout: .seconds(10))
                try await waitUntil(timeout: .seconds(240), "the survivors take the stopped instance's partitions") {
                    survivorsLog().components(separatedBy: "acquired partitions").count > acquisitionsBefore
                }
                failover = ContinuousClock.now - killedAt
            }
            let expected = phase.records.count
            let outputs = try await reader.read(timeout: .seconds(240)) { outputs in
                Set(outputs.lazy.filter(phase.signature).map(\.id)).count >= expected
            }
            let done = Set(outputs.filter(phase.signature).map(\.id)).count
            guard done >= expected else {
                throw FixtureError("\(name): phase \(index) applied \(done) of \(expected)\n\(fixture.daemon?.output.suffix(3000) ?? "")")
            }
        }
        let owners = ([fixture.daemon].compactMap { $0 } + fixture.others).filter { $0.output.contains("acquired partitions") }.count
        // The disrupted instance is gone or fenced, except after a rolling restart.
        let running = disruption == .rollingRestart ? Array(fixture.others) : Array(fixture.others.dropFirst())
        for other in running { other.signal(SIGTERM) }
        fixture.daemon?.signal(SIGTERM)
        for other in running { _ = await other.waitForExit(timeout: .seconds(60)) }
        _ = await fixture.daemon?.waitForExit(timeout: .seconds(60))
        let outputs = try await reader.read(timeout: .seconds(5)) { _ in false }
        await reader.close()
        try await producer.close()

        let ids = phases[0].records.compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } }
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return try await PostgresStore.withStore(configuration: try PostgresStoreConfiguration(url: url), logger: quiet) { store in
            let states = try await store.caseStates(ids: ids)
            let statistics = try await store.statistics()
            let leases = try await store.acquire(partitions: Array(0..<4), owner: "test")
            return Result(states: states, outputs: outputs, instancesThatOwnedPartitions: owners, killedOwned: killedOwned,
                          failover: failover, stoppedCleanly: stoppedCleanly, outboxDepth: statistics.outboxDepth,
                          committedOffsets: leases.compactMap(\.nextOffset).reduce(0, +))
        }
    }

    private static func waitUntil(timeout: Duration, _ what: String, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw FixtureError("not true after \(timeout): \(what)")
    }
}
