import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonRuntime
import LiaisonStore
import LiaisonStorePostgreSQL
import LiaisonTestSupport
import Logging
import Testing

/// Three daemons over one PostgreSQL store and one test cluster: the consumer group splits the
/// partitions, the store's leases fence whoever lost one, and neither a `kill -9` of one
/// instance, nor one stopped (SIGSTOP) until its partitions moved, nor a rolling restart of all
/// three changes anything in the end: the same case states, outputs, timer firings and
/// `liaison.metrics` numbers as one uninterrupted instance.
@Suite("Several instances share one PostgreSQL store", .serialized)
struct ScaleOutTests {
    /// The uninterrupted single-instance run every several-instance run is held against.
    static let steady = Task { try await CrashScenario.run(name: "single", phases: ScaleOutScenario.phases, killDuring: [], metricsInterval: "1s") }

    @Test func threeInstancesWithOneKilledEndInTheStateOfASingleUninterruptedRun() async throws {
        let steady = try await Self.steady.value
        let shared = try await ScaleOutScenario.run(name: "three", instances: 3, disruptDuring: 1, by: .kill)
        try Self.expectSameOutcome(steady: steady, shared: shared)
        Self.expectTimersFiredOnceByTheirOwners(steady: steady, shared: shared, silent: shared.victimLogs)
        print("three instances, one killed: \(shared.outputs.count) outputs read, \(Set(shared.outputs.map(\.id)).count) distinct; "
            + "fail-over from kill -9 to the partitions acquired again took \(shared.failover.map { "\($0)" } ?? "?")")
    }

    @Test func anInstanceStoppedUntilItsPartitionsMovedIsRefusedByTheStoreAndCarriesOn() async throws {
        let steady = try await Self.steady.value
        let zombie = try await ScaleOutScenario.run(name: "zombie", instances: 3, disruptDuring: 1, by: .pause)
        try Self.expectSameOutcome(steady: steady, shared: zombie)
        // Every instance stopped on SIGTERM, the resumed one included: none was fenced out of the process.
        Self.expectTimersFiredOnceByTheirOwners(steady: steady, shared: zombie, silent: [])
        let resumed = zombie.resumedLog
        let fenced = resumed.contains("commit fenced: another instance owns these partitions now")
        let revoked = resumed.contains("processing partitions revoked")
        if !zombie.stoppedInCommit {
            // The commit-fencing path was not reached this run (fifty tries fell between commits);
            // the rest of the scenario still ran and is checked below.
            print("zombie: no try stopped the instance inside a commit; it was stopped between two commits")
        }
        // Its pending commit fails (the server ended it) and is refused on retry, or the group's
        // revocation reaches it first; either way it gives up the partitions that moved.
        #expect(fenced || revoked, "the resumed instance learned that its partitions moved:\n\(resumed.suffix(3000))")
        #expect(!resumed.contains("cannot acquire partitions"), "no instance gave up acquiring a partition")
        #expect(zombie.stoppedCleanly, "every instance, the resumed one included, stopped with status 0 on SIGTERM")
        #expect(zombie.resumedAcquiredAgain, "the resumed instance took partitions again through the group")
        print("zombie: stopped \(zombie.failover.map { "\($0)" } ?? "?") until its partitions moved; "
            + "stopped inside a commit: \(zombie.stoppedInCommit); after SIGCONT: fenced commit \(fenced), revocation \(revoked); "
            + "what it logged about them:")
        let story = ["fenced", "revoked", "acquired partitions", "leases ended", "cannot be reached", "answers again"]
        for line in resumed.split(separator: "\n").filter({ line in story.contains { line.contains($0) } }).prefix(16) {
            print("  " + line.prefix(400))
        }
    }

    @Test func aRollingRestartOfAllThreeEndsInTheStateOfASingleUninterruptedRun() async throws {
        let steady = try await Self.steady.value
        // Each stops on SIGTERM (status 0), starts again and takes partitions back, while the
        // others carry on.
        let rolling = try await ScaleOutScenario.run(name: "rolling", instances: 3, disruptDuring: 3, by: .rollingRestart)
        try Self.expectSameOutcome(steady: steady, shared: rolling)
        #expect(rolling.stoppedCleanly, "every instance stopped cleanly (status 0) on SIGTERM")
        Self.expectTimersFiredOnceByTheirOwners(steady: steady, shared: rolling, silent: [])
    }

    private static func expectSameOutcome(steady: CrashScenario.Result, shared: ScaleOutScenario.Result) throws {
        let cases = CrashRecoveryTests.cases + ScaleOutScenario.timerCases
        #expect(shared.instancesThatOwnedPartitions >= 2, "the group split the partitions among the instances")
        #expect(shared.killedOwned, "the disrupted instance owned partitions when it was stopped")
        #expect(steady.states.count == cases)
        #expect(shared.states.count == cases)
        let differing = steady.states.keys.filter { steady.states[$0] != shared.states[$0] }
        #expect(differing.isEmpty, "cases whose final state differs with several instances: \(differing.sorted().prefix(5))")

        // Metrics snapshots have ids of their own time; they are compared by content below.
        let steadyOutputs = steady.outputs.filter { $0.topic != "liaison.metrics" }
        let sharedOutputs = shared.outputs.filter { $0.topic != "liaison.metrics" }
        let steadyIDs = Set(steadyOutputs.map(\.id))
        let sharedIDs = Set(sharedOutputs.map(\.id))
        #expect(steadyIDs.subtracting(sharedIDs).isEmpty, "outputs missing: \(steadyIDs.subtracting(sharedIDs).sorted().prefix(5))")
        #expect(sharedIDs.subtracting(steadyIDs).isEmpty, "outputs only the shared run has: \(sharedIDs.subtracting(steadyIDs).sorted().prefix(5))")
        var firstValue: [String: [UInt8]] = [:]
        var mismatched = 0
        for output in sharedOutputs {
            if let seen = firstValue[output.id] {
                if seen != (output.value ?? []) { mismatched += 1 }
            } else {
                firstValue[output.id] = output.value ?? []
            }
        }
        #expect(mismatched == 0, "a repeated output carries the same id and the same content")
        #expect(shared.outboxDepth == 0)
        #expect(shared.committedOffsets >= 10_000 + Int64(ScaleOutScenario.timerCases))

        // The cluster's snapshot of every unit and workflow is what the single instance published.
        #expect(!steady.metrics.isEmpty && steady.metrics.keys.contains("workflow/e2e-steady"))
        let differentKeys = MetricsEvidence.differences(steady.metrics, shared.metrics)
        let firstDifference = differentKeys.first.map { "\(String(describing: steady.metrics[$0])) vs \(String(describing: shared.metrics[$0]))" } ?? ""
        #expect(differentKeys.isEmpty, "liaison.metrics records that differ: \(differentKeys.prefix(5)); first: \(firstDifference)")
        #expect(shared.audit.firstFailure == nil, "\(String(describing: shared.audit.firstFailure))")
        #expect(shared.audit.entries == steady.audit.entries, "the audit chains hold as many entries as the single run's")
    }

    /// Every timer mark fired once in the store (as in the single run), and each was reported
    /// by the instance that held its partition's lease: the sums of what the instances report
    /// per partition are the store's counts, except for what instances in `silent` (killed
    /// with SIGKILL, so they reported nothing) fired on partitions they had acquired.
    private static func expectTimersFiredOnceByTheirOwners(steady: CrashScenario.Result, shared: ScaleOutScenario.Result,
                                                           silent: [InstanceLog]) {
        let total = steady.timerMarks.values.map(\.fired).reduce(0, +)
        #expect(total >= ScaleOutScenario.timerCases * 4, "the timer cases fired their marks in the single run: \(steady.timerMarks)")
        #expect(steady.timerMarks.values.allSatisfy { $0.fired == $0.distinct })
        #expect(shared.timerMarks == steady.timerMarks, "timer marks fired per partition: \(shared.timerMarks) vs \(steady.timerMarks)")

        for log in shared.logs {
            let foreign = Set(log.ended.keys).subtracting(log.acquired)
            #expect(foreign.isEmpty, "\(log.file) reports leases it never acquired: \(foreign)")
        }
        var reported: [Int32: Int] = [:]
        for log in shared.logs {
            for (partition, timers) in log.timersByPartition { reported[partition, default: 0] += timers }
        }
        let silentPartitions = Set(silent.flatMap(\.acquired).map(\.partition))
        for (partition, marks) in shared.timerMarks {
            let unreported = marks.fired - reported[partition, default: 0]
            if silentPartitions.contains(partition) {
                #expect(unreported >= 0, "partition \(partition): instances report \(reported[partition] ?? 0) timer marks, the store holds \(marks)")
            } else {
                #expect(unreported == 0, "partition \(partition): instances report \(reported[partition] ?? 0) timer marks, the store holds \(marks)")
            }
        }
        #expect(Set(reported.keys).isSubset(of: Set(shared.timerMarks.keys)))
    }
}

enum ScaleOutScenario {
    /// Cases opened six days late in the disrupted phase: every mark of their accept deadline
    /// (reminder, escalation) and the reminder of their completion deadline are due at once,
    /// so their timers fire while the instances are being disrupted.
    static let timerCases = 400

    /// The crash test's five phases; the second also opens the timer cases, and ends once
    /// each of them escalated.
    static let phases: [CrashScenario.Phase] = {
        var phases = CrashScenario.phases(cases: CrashRecoveryTests.cases)
        let opened = Departments.now().adding(milliseconds: -6 * 24 * 3_600_000)
        let openings = (1...timerCases).map { number in
            let caseID = String(format: "TIMER-%05d", number)
            return Departments.event("gov.case.opened", id: "service-window-opened-\(caseID)", unit: "service-window", caseID: caseID,
                                     time: opened, data: .object([("matter", "e2e-steady"), ("title", "timers due at once")]))
        }
        let accepted = phases[1].signature
        phases[1] = CrashScenario.Phase(records: phases[1].records + openings, signature: { output in
            accepted(output) || (output.type == "liaison.task.escalated" && output.caseID.hasPrefix("TIMER-")
                && output.data["taskUnit"] == "alpha")
        })
        return phases
    }()

    struct Result {
        var states: [String: [UInt8]]
        var outputs: [Output]
        var instancesThatOwnedPartitions: Int
        var killedOwned: Bool
        /// From SIGKILL or SIGSTOP to the stopped instance's partitions taken by the others.
        var failover: Duration?
        /// Every instance still running at the end (after a rolling restart: every instance in
        /// turn) exited with status 0 on SIGTERM.
        var stoppedCleanly: Bool
        var outboxDepth: Int
        var committedOffsets: Int64
        var audit: StoreAudit.Report
        var timerMarks: [Int32: TimerMarks]
        var metrics: [String: JSONValue]
        /// Every daemon process's log.
        var logs: [InstanceLog]
        /// The logs of instances killed with SIGKILL.
        var victimLogs: [InstanceLog]
        /// What the instance stopped with SIGSTOP logged after SIGCONT.
        var resumedLog: String
        /// The resumed instance acquired partitions again after SIGCONT.
        var resumedAcquiredAgain: Bool
        /// The paused instance was stopped with a transaction of its own open.
        var stoppedInCommit: Bool
    }

    enum Disruption {
        /// SIGKILL, not restarted.
        case kill
        /// SIGSTOP until none of its partitions is leased to it any more, then SIGCONT.
        case pause
        /// Every instance in turn: SIGTERM, start again, wait until it owns partitions.
        case rollingRestart
    }

    /// Runs the phases through `instances` daemons sharing a fresh PostgreSQL database; one of
    /// them is disrupted a quarter into phase `disruptDuring`.
    static func run(name: String, instances: Int, disruptDuring: Int, by disruption: Disruption) async throws -> Result {
        let server = try ThrowawayPostgres.shared()
        let url = server.url(database: try server.createDatabase(prefix: "scaleout"))
        let fixture = try await EndToEndFixture(name: name, workflows: ["e2e-steady.yaml": TestWorkflows.steady],
                                                batchMaxEvents: 25, metricsInterval: "1s", storeURL: url)
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        for _ in 1..<instances { try fixture.startOtherDaemon() }
        // Every instance owns partitions once the group settled.
        try await waitUntil(timeout: .seconds(120), "every instance owns partitions") {
            fixture.others.allSatisfy { $0.output.contains("acquired partitions") }
        }
        var killedOwned = false
        var failover: Duration?
        var stoppedCleanly = true
        var victimLogs: [String] = []
        var resumedFrom: Int?
        var stoppedInCommit = false
        for (index, phase) in phases.enumerated() {
            let before = try fixture.appliedInboundRecords()
            // Stopping an instance inside a commit needs commits going on while it is tried:
            // for a pause, half the phase is held back and fed in slices between the tries.
            let heldBack = index == disruptDuring && disruption == .pause ? phase.records.count / 2 : 0
            var held = ArraySlice(phase.records.suffix(heldBack))
            try await Departments.publish(Array(phase.records.dropLast(heldBack)), with: producer)
            if index == disruptDuring {
                let target = before + Int64(phase.records.count / 4)
                while try fixture.appliedInboundRecords() < target { try await Task.sleep(for: .milliseconds(10)) }
            }
            if index == disruptDuring && disruption == .rollingRestart {
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
            } else if index == disruptDuring && disruption == .kill {
                let victim = fixture.others[0]
                killedOwned = victim.output.contains("acquired partitions")
                let survivorsLog = { fixture.others.dropFirst().map(\.output).joined() + (fixture.daemon?.output ?? "") }
                let acquisitionsBefore = survivorsLog().components(separatedBy: "acquired partitions").count
                victim.signal(SIGKILL)
                let killedAt = ContinuousClock.now
                _ = await victim.waitForExit(timeout: .seconds(10))
                victimLogs.append(victim.logPath)
                try await waitUntil(timeout: .seconds(240), "the survivors take the stopped instance's partitions") {
                    survivorsLog().components(separatedBy: "acquired partitions").count > acquisitionsBefore
                }
                failover = ContinuousClock.now - killedAt
            } else if index == disruptDuring && disruption == .pause {
                let victim = fixture.others[0]
                killedOwned = victim.output.contains("acquired partitions")
                let owner = "\(ProcessInfo.processInfo.hostName):\(victim.process.processIdentifier)"
                // Stopped inside a commit: a transaction of its own stays open while it is stopped
                // (the others' last milliseconds). Stopped elsewhere, it is let go and tried again.
                var stoppedAt = ContinuousClock.now
                let slice = max(1, held.count / 50)
                for _ in 0..<50 {
                    if !held.isEmpty {
                        try await Departments.publish(Array(held.prefix(slice)), with: producer)
                        held = held.dropFirst(slice)
                        try await Task.sleep(for: .milliseconds(Int.random(in: 20...150)))
                    }
                    victim.signal(SIGSTOP)
                    stoppedAt = ContinuousClock.now
                    try await Task.sleep(for: .seconds(1))
                    let open = try fixture.storeRows("""
                        SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                        AND state = 'idle in transaction' AND state_change < now() - interval '800 milliseconds'
                        """)
                    if open != ["0"] {
                        stoppedInCommit = true
                        break
                    }
                    victim.signal(SIGCONT)
                    try await Task.sleep(for: .milliseconds(Int.random(in: 50...400)))
                }
                if !stoppedInCommit {
                    // Every try fell between two commits: stop it there, which still leaves the
                    // group and the store to move its partitions while it cannot answer.
                    victim.signal(SIGSTOP)
                    stoppedAt = ContinuousClock.now
                }
                do {
                    try await waitUntil(timeout: .seconds(240), "the stopped instance's partitions are leased to the others") {
                        try fixture.storeRows("SELECT count(*) FROM leases WHERE owner = '\(owner)'") == ["0"]
                    }
                } catch {
                    let others = ([fixture.daemon].compactMap { $0 } + fixture.others.dropFirst()).map(\.output).joined()
                    let told = others.split(separator: "\n").filter { $0.contains("acquire") || $0.contains("store") }.suffix(6)
                    let waiting = (try? fixture.storeRows("""
                        SELECT state, wait_event_type, left(query, 60), now() - state_change FROM pg_stat_activity
                        WHERE datname = current_database() AND (state <> 'idle' OR wait_event_type = 'Lock')
                        """)) ?? []
                    throw FixtureError("\(error) (stopped inside a commit: \(stoppedInCommit)); the others said:\n"
                        + "\(told.joined(separator: "\n"))\nsessions at work:\n\(waiting.joined(separator: "\n"))")
                }
                failover = ContinuousClock.now - stoppedAt
                resumedFrom = victim.output.utf8.count
                victim.signal(SIGCONT)
            }
            if !held.isEmpty { try await Departments.publish(Array(held), with: producer) }
            let expected = phase.records.count
            let outputs = try await reader.read(timeout: .seconds(240)) { outputs in
                Set(outputs.lazy.filter(phase.signature).map(\.id)).count >= expected
            }
            let done = Set(outputs.filter(phase.signature).map(\.id)).count
            guard done >= expected else {
                throw FixtureError("\(name): phase \(index) applied \(done) of \(expected)\n\(fixture.daemon?.output.suffix(3000) ?? "")")
            }
        }
        let metrics = try await MetricsEvidence.final(from: reader)
        let owners = ([fixture.daemon].compactMap { $0 } + fixture.others).filter { $0.output.contains("acquired partitions") }.count
        // The killed instance is gone; every other one stops on SIGTERM.
        let running = disruption == .kill ? Array(fixture.others.dropFirst()) : Array(fixture.others)
        for other in running { other.signal(SIGTERM) }
        fixture.daemon?.signal(SIGTERM)
        var unclean: [String] = []
        for instance in running + [fixture.daemon].compactMap({ $0 }) {
            let status = await instance.waitForExit(timeout: .seconds(60))
            guard status != 0 else { continue }
            stoppedCleanly = false
            let said = instance.output.split(separator: "\n").suffix(12).map { "    " + $0.prefix(400) }.joined(separator: "\n")
            unclean.append("\(instance.logPath): \(status.map { "exit status \($0)" } ?? "still running 60 s after SIGTERM")\n\(said)")
        }
        if !unclean.isEmpty { print("\(name): instances that did not stop with status 0 on SIGTERM:\n" + unclean.joined(separator: "\n")) }
        let outputs = try await reader.read(timeout: .seconds(5)) { _ in false }
        await reader.close()
        try await producer.close()
        var resumedLog = ""
        if let resumedFrom {
            resumedLog = String(decoding: fixture.others[0].output.utf8.dropFirst(resumedFrom), as: UTF8.self)
        }
        let resumedAcquiredAgain = resumedLog.contains("acquired partitions")

        let ids = Array(Set(phases.flatMap(\.records).compactMap { $0.key.map { String(decoding: $0, as: UTF8.self) } }))
        let timerMarks = try fixture.timerMarksFired()
        let logs = fixture.instanceLogs()
        let victims = logs.filter { log in victimLogs.contains { $0.hasSuffix("/" + log.file) } }
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return try await PostgresStore.withStore(configuration: try PostgresStoreConfiguration(url: url), logger: quiet) { store in
            let states = try await store.caseStates(ids: ids)
            let statistics = try await store.statistics()
            let audit = try await StoreAudit(store: store, keep: nil).verifyAll()
            let leases = try await store.acquire(partitions: Array(0..<4), owner: "test")
            return Result(states: states, outputs: outputs, instancesThatOwnedPartitions: owners, killedOwned: killedOwned,
                          failover: failover, stoppedCleanly: stoppedCleanly, outboxDepth: statistics.outboxDepth,
                          committedOffsets: leases.compactMap(\.nextOffset).reduce(0, +), audit: audit,
                          timerMarks: timerMarks, metrics: metrics, logs: logs, victimLogs: victims,
                          resumedLog: resumedLog, resumedAcquiredAgain: resumedAcquiredAgain, stoppedInCommit: stoppedInCommit)
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
