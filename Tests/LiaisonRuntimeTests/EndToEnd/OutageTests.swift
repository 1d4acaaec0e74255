import Foundation
import LiaisonCore
import LiaisonKafka
import Testing

@Suite("The daemon rides out a Kafka outage", .serialized)
struct OutageTests {
    @Test func whenEveryBrokerIsDownTheDaemonKeepsRunningAndResumesWhenTheyReturn() async throws {
        let fixture = try await EndToEndFixture(name: "outage", workflows: ["e2e-steady.yaml": TestWorkflows.steady])
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let now = Departments.now()
        func open(_ caseID: String) -> KafkaRecord {
            Departments.event("gov.case.opened", id: "o-\(caseID)", unit: "service-window", caseID: caseID, time: now,
                              data: .object([("matter", "e2e-steady"), ("title", "outage")]))
        }
        try await Departments.publish([open("OUT-1")], with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned("OUT-1").count == 2 }

        fixture.broker?.signal(SIGUSR1)
        try await Task.sleep(for: .seconds(8))
        #expect(fixture.daemon?.process.isRunning == true, "an outage does not stop the daemon")

        // Sent during the outage: the producer holds it until the brokers return.
        async let delivered = Departments.publish([open("OUT-2")], with: producer)
        try await Task.sleep(for: .seconds(2))
        fixture.broker?.signal(SIGUSR2)
        try await delivered
        let outputs = try await reader.read(timeout: .seconds(120)) { $0.assigned("OUT-2").count == 2 }
        #expect(outputs.assigned("OUT-2").count == 2, "work published during the outage is done once it ends")
        #expect(outputs.assigned("OUT-1").count == 2, "state from before the outage is kept")
        #expect(fixture.daemon?.process.isRunning == true)

        fixture.daemon?.signal(SIGTERM)
        #expect(await fixture.daemon?.waitForExit(timeout: .seconds(60)) == 0)
        await reader.close()
        try await producer.close()
    }
}
