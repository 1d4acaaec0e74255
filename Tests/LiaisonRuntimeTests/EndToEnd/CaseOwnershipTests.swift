import Foundation
import LiaisonCore
import LiaisonKafka
import Testing

@Suite("Every case has exactly one owner whatever the departments' keys and partitions", .serialized)
struct CaseOwnershipTests {
    @Test func eventsKeyedAtRandomOnTopicsOfDifferentSizesStillMeetTheirCaseInOnePartition() async throws {
        let fixture = try await EndToEndFixture(name: "ownership", workflows: ["e2e-steady.yaml": TestWorkflows.steady])
        defer { fixture.cleanUp() }
        try fixture.startDaemon()
        try await fixture.waitUntilDaemonReady()
        let producer = try KafkaProducer(configuration: fixture.kafka, logger: fixture.logger)
        let now = Departments.now()
        let cases = (1...100).map { String(format: "OWN-%03d", $0) }
        var records: [KafkaRecord] = []
        for caseID in cases {
            let events = [
                Departments.event("gov.case.opened", id: "o-\(caseID)", unit: "service-window", caseID: caseID, time: now,
                                  data: .object([("matter", "e2e-steady"), ("title", "t")])),
                Departments.event("gov.task.completed", id: "a-\(caseID)", unit: "alpha", caseID: caseID,
                                  time: now.adding(milliseconds: 10), data: .object([("outcome", "approved")])),
                Departments.event("gov.task.completed", id: "b-\(caseID)", unit: "beta", caseID: caseID,
                                  time: now.adding(milliseconds: 20), data: .object([("outcome", "approved")])),
            ]
            for var record in events {
                record.key = Array(UUID().uuidString.utf8)  // the department's own key, not the case id
                records.append(record)
            }
        }
        try await Departments.publish(records, with: producer)

        let reader = try OutputReader(kafka: fixture.kafka, logger: fixture.logger)
        let outputs = try await reader.read(timeout: .seconds(90)) { outputs in
            Set(outputs.filter { $0.type == "liaison.case.closed" }.map(\.caseID)).count == cases.count
        }
        #expect(Set(outputs.filter { $0.type == "liaison.case.closed" }.map(\.caseID)) == Set(cases),
                "every case closed: its three events met although they came on three topics under random keys")
        #expect(outputs.filter { $0.topic == "liaison.deadletter" }.isEmpty)

        let inbound = try OutputReader(kafka: fixture.kafka, topics: ["liaison.inbound"], logger: fixture.logger)
        let routed = try await inbound.readRecords(timeout: .seconds(60)) { $0.count >= records.count }
        var partitionsOfCase: [String: Set<Int32>] = [:]
        for message in routed {
            let caseID = String(decoding: message.key ?? [], as: UTF8.self)
            partitionsOfCase[caseID, default: []].insert(message.partition)
        }
        #expect(partitionsOfCase.count == cases.count)
        #expect(partitionsOfCase.values.allSatisfy { $0.count == 1 }, "each case lives in exactly one inbound partition")
        #expect(Set(partitionsOfCase.values.flatMap { $0 }).count > 1, "the cases are spread over several partitions")
        await reader.close()
        await inbound.close()
        try await producer.close()
    }
}
