import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LiaisonKafka
import Testing

/// Kafka misbehaves while department traffic flows: requests fail with the errors a real
/// cluster returns during elections and restarts, leaders and the group coordinator move, a
/// broker goes away, every answer slows down. For each fault, a fresh set of cases runs its
/// whole life while the fault holds; afterwards every case must have every output, repeats only
/// with the same id and content, every event applied exactly once, and the one daemon process
/// must have ridden it all out without a restart.
///
/// The cluster is librdkafka's mock, three brokers, inside this test process, so that faults
/// are injected directly (`rd_kafka_mock_push_request_errors`, leader and coordinator moves,
/// broker down/up, round-trip time); the daemon reaches it over TCP.
@Suite("A Kafka fault campaign during a stream", .serialized)
struct FaultCampaignTests {
    struct Fault: Sendable {
        var name: String
        var inject: @Sendable (MockCluster) -> Void
        /// How long the fault holds while the cases flow (nil: until the cases are done).
        var hold: Duration?
        var clear: @Sendable (MockCluster) -> Void = { _ in }
    }

    static let casesPerFault = 40

    static func faults(topics: [(topic: String, partitions: Int32)]) -> [Fault] {
        // Kafka protocol error codes, as brokers send them.
        let notLeader: Int32 = 6, timedOut: Int32 = 7, leaderNotAvailable: Int32 = 5, notEnoughReplicas: Int32 = 19
        let coordinatorLoading: Int32 = 14, coordinatorNotAvailable: Int32 = 15, notCoordinator: Int32 = 16
        @Sendable func repeated(_ codes: [Int32], _ times: Int) -> [Int32] { Array(Array(repeating: codes, count: times).joined()) }
        return [
            Fault(name: "produce requests fail (not leader, timed out, not enough replicas)", inject: {
                $0.pushRequestErrors(apiKey: KafkaAPIKey.produce, errors: repeated([notLeader, timedOut, notEnoughReplicas], 8))
            }),
            Fault(name: "fetch requests fail (not leader, leader not available, timed out)", inject: {
                $0.pushRequestErrors(apiKey: KafkaAPIKey.fetch, errors: repeated([notLeader, leaderNotAvailable, timedOut], 8))
            }),
            Fault(name: "offset commits fail (coordinator moving, loading, not available)", inject: {
                $0.pushRequestErrors(apiKey: KafkaAPIKey.offsetCommit, errors: repeated([notCoordinator, coordinatorLoading, coordinatorNotAvailable], 6))
            }),
            Fault(name: "the group coordinators move to another broker", inject: {
                $0.setGroupCoordinator(group: "e2e", broker: 2)
                $0.setGroupCoordinator(group: "e2e.router", broker: 3)
            }),
            Fault(name: "every partition's leader moves", inject: { cluster in
                for (topic, partitions) in topics {
                    for partition in 0..<partitions { cluster.setPartitionLeader(topic: topic, partition: partition, broker: (partition + 1) % 3 + 1) }
                }
            }),
            Fault(name: "a broker is down for 8 s (leader of some partitions, coordinator)", inject: { $0.setBrokerDown(2) },
                  hold: .seconds(8), clear: { $0.setBrokerUp(2) }),
            Fault(name: "every broker answers 300 ms late", inject: { cluster in
                for broker in Int32(1)...3 { cluster.setRoundTripTime(broker: broker, milliseconds: 300) }
            }, hold: .seconds(10), clear: { cluster in
                for broker in Int32(1)...3 { cluster.setRoundTripTime(broker: broker, milliseconds: 0) }
            }),
        ]
    }

    @Test func everyFaultIsRiddenOutWithNothingLostOrAppliedTwice() async throws {
        let cluster = try MockCluster(brokers: 3)
        let fixture = try await EndToEndFixture(name: "fault-campaign", workflows: ["e2e-steady.yaml": TestWorkflows.steady],
                                                batchMaxEvents: 25, cluster: cluster)
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let port = try await AdminEndToEndTests().adminPort(fixture)
        let daemonPID = fixture.daemon?.process.processIdentifier
        let topics = EndToEndFixture.units.enumerated().map { ("dept.\($1)", Int32($0 % 3 + 1)) }
            + [("liaison.inbound", Int32(4))] + EndToEndFixture.outputTopics.map { ($0, Int32(2)) }
        var sent = 0
        var table: [String] = []
        let log = { fixture.daemon?.output.split(separator: "\n").filter { !$0.contains("librdkafka") }.suffix(30).joined(separator: "\n") ?? "" }

        for (index, fault) in Self.faults(topics: topics).enumerated() {
            let phases = CrashScenario.phases(cases: Self.casesPerFault, prefix: "F\(index)")
            let started = ContinuousClock.now
            fault.inject(cluster)
            let clearing = Task {
                if let hold = fault.hold {
                    try? await Task.sleep(for: hold)
                    fault.clear(cluster)
                }
            }
            for phase in phases {
                try await Departments.publish(phase.records, with: producer)
                sent += phase.records.count
                let outputs = try await reader.read(timeout: .seconds(180)) { outputs in
                    Set(outputs.lazy.filter(phase.signature).filter { $0.caseID.hasPrefix("F\(index)-") }.map(\.id)).count >= Self.casesPerFault
                }
                let seen = Set(outputs.filter(phase.signature).filter { $0.caseID.hasPrefix("F\(index)-") }.map(\.id)).count
                #expect(seen == Self.casesPerFault, "\(fault.name): \(seen) of \(Self.casesPerFault) cases went through a phase; the daemon said:\n\(log())")
            }
            await clearing.value
            if fault.hold == nil { fault.clear(cluster) }
            let seconds = Double((ContinuousClock.now - started).components.seconds)
            table.append("| \(fault.name) | \(Self.casesPerFault) cases, \(phases.count * Self.casesPerFault) events | \(Int(seconds)) s |")
            #expect(fixture.daemon?.process.isRunning == true && fixture.daemon?.process.processIdentifier == daemonPID,
                    "\(fault.name): the daemon did not ride it out:\n\(log())")
        }

        // Nothing applied twice: the engine applied each event once (a redelivered record
        // counts as a duplicate, not as applied).
        let (_, metrics) = try await AdminEndToEndTests().get(port, "/metrics")
        let applied = metrics.split(separator: "\n")
            .filter { $0.hasPrefix("liaison_events_total{") && $0.contains("outcome=\"applied\"") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0, +)
        #expect(Int(applied) == sent, "the engine applied \(Int(applied)) events of \(sent) sent")
        // Repeats only with the same id and content.
        let outputs = try await reader.read(timeout: .seconds(5)) { _ in false }
        var byID: [String: [UInt8]?] = [:]
        for output in outputs {
            if let earlier = byID[output.id] {
                #expect(earlier == output.value, "output \(output.id) was published twice with different content")
            } else {
                byID[output.id] = output.value
            }
        }
        print("fault campaign (faults × outcome):\n| fault | traffic during it | every case through, nothing twice, same process |\n| --- | --- | --- |\n" + table.joined(separator: "\n"))
        fixture.daemon?.signal(SIGTERM)
        #expect(await fixture.daemon?.waitForExit(timeout: .seconds(60)) == 0)
        await reader.close()
        try await producer.close()
    }
}
