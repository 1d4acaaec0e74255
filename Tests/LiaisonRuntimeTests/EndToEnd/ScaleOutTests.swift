import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonStore
import LiaisonStorePostgreSQL
import LiaisonTestSupport
import Logging
import Testing

/// Three daemons over one PostgreSQL store and one test cluster: the consumer group splits the
/// partitions, the store's leases fence whoever lost one, and a `kill -9` of one instance
/// changes nothing in the end.
@Suite("Several instances share one PostgreSQL store", .serialized)
struct ScaleOutTests {
    @Test func threeInstancesWithOneKilledEndInTheStateOfASingleUninterruptedRun() async throws {
        let phases = CrashScenario.phases(cases: CrashRecoveryTests.cases)
        let steady = try await CrashScenario.run(name: "single", phases: phases, killDuring: [])
        let shared = try await ScaleOutScenario.run(name: "three", phases: phases, instances: 3, killDuring: 1)

        #expect(shared.instancesThatOwnedPartitions >= 2, "the group split the partitions among the instances")
        #expect(shared.killedOwned, "the killed instance owned partitions when it died")
        #expect(steady.states.count == CrashRecoveryTests.cases)
        #expect(shared.states.count == CrashRecoveryTests.cases)
        let differing = steady.states.keys.filter { steady.states[$0] != shared.states[$0] }
        #expect(differing.isEmpty, "cases whose final state differs with three instances: \(differing.prefix(5))")

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
        print("three instances, one killed: \(shared.outputs.count) outputs read, \(sharedIDs.count) distinct; "
            + "fail-over from kill -9 to the partitions acquired again took \(shared.failover.map { "\($0)" } ?? "?")")
    }
}

enum ScaleOutScenario {
    struct Result {
        var states: [String: [UInt8]]
        var outputs: [Output]
        var instancesThatOwnedPartitions: Int
        var killedOwned: Bool
        var failover: Duration?
        var outboxDepth: Int
        var committedOffsets: Int64
    }

    /// Runs the phases through `instances` daemons sharing a fresh PostgreSQL database; one of
    /// them is killed with SIGKILL a quarter into phase `killDuring` and not restarted.
    static func run(name: String, phases: [CrashScenario.Phase], instances: Int, killDuring: Int) async throws -> Result {
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
        for (index, phase) in phases.enumerated() {
            let before = try fixture.appliedInboundRecords()
            try await Departments.publish(phase.records, with: producer)
            if index == killDuring {
                let target = before + Int64(phase.records.count / 4)
                while try fixture.appliedInboundRecords() < target { try await Task.sleep(for: .milliseconds(10)) }
                let victim = fixture.others[0]
                killedOwned = victim.output.contains("acquired partitions")
                let survivorsLog = { fixture.others.dropFirst().map(\.output).joined() + (fixture.daemon?.output ?? "") }
                let acquisitionsBefore = survivorsLog().components(separatedBy: "acquired partitions").count
                victim.signal(SIGKILL)
                let killedAt = ContinuousClock.now
                _ = await victim.waitForExit(timeout: .seconds(10))
                try await waitUntil(timeout: .seconds(120), "the survivors take the dead instance's partitions") {
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
        for other in fixture.others.dropFirst() { other.signal(SIGTERM) }
        fixture.daemon?.signal(SIGTERM)
        for other in fixture.others.dropFirst() { _ = await other.waitForExit(timeout: .seconds(60)) }
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
                          failover: failover, outboxDepth: statistics.outboxDepth,
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
