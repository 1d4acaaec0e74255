import Foundation
import LiaisonCore
import LiaisonKafka
import Testing

@Suite("Refused records end in the dead-letter topic and processing goes on", .serialized)
struct DeadLetterTests {
    @Test func everyMalformedKindIsDeadLetteredWithItsReasonWhileGoodEventsFlow() async throws {
        let fixture = try await EndToEndFixture(name: "deadletter", workflows: ["e2e-steady.yaml": TestWorkflows.steady])
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let now = Departments.now()
        func open(_ caseID: String, id: String, matter: String = "e2e-steady") -> KafkaRecord {
            Departments.event("gov.case.opened", id: id, unit: "service-window", caseID: caseID, time: now,
                              data: .object([("matter", .string(matter)), ("title", "t")]))
        }

        var notJSON = Departments.event("gov.task.accepted", id: "bad-1", unit: "alpha", caseID: "DL-1", time: now)
        notJSON.value = Array("{not json".utf8)
        var missingID = Departments.event("gov.task.accepted", id: "bad-2", unit: "alpha", caseID: "DL-1", time: now)
        missingID.headers.removeAll { $0.name == "ce_id" }
        let unknownType = Departments.event("gov.task.teleported", id: "bad-3", unit: "alpha", caseID: "DL-1", time: now)
        let unknownMatter = open("DL-2", id: "bad-4", matter: "moon-landing")
        let notParty = Departments.event("gov.task.completed", id: "bad-5", unit: "gamma", caseID: "DL-1", time: now,
                                         data: .object([("outcome", "approved")]))
        var wrongTopic = Departments.event("gov.task.accepted", id: "bad-6", unit: "alpha", caseID: "DL-1", time: now)
        wrongTopic.topic = "dept.beta"
        var oversized = Departments.event("gov.task.accepted", id: "bad-7", unit: "alpha", caseID: "DL-1", time: now,
                                          data: .object([("padding", .string(String(repeating: "x", count: 100_000)))]))
        oversized.topic = "dept.alpha"

        try await Departments.publish([open("DL-1", id: "good-1")], with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned("DL-1").count == 2 }
        try await Departments.publish([notJSON, missingID, unknownType, unknownMatter, notParty, wrongTopic], with: producer)
        try await Departments.publish([oversized], with: producer)
        try await Departments.publish([open("DL-3", id: "good-3")], with: producer)

        let expectedCodes: Set = ["not-json", "missing-attribute", "unknown-type", "unknown-matter", "not-a-party", "source-not-allowed", "too-large"]
        let outputs = try await reader.read(timeout: .seconds(60)) { outputs in
            let codes = Set(outputs.compactMap { $0.headers["liaison.reason.code"] })
            return expectedCodes.isSubset(of: codes) && outputs.assigned("DL-3").count == 2
        }
        let deadLetters = outputs.filter { $0.topic == "liaison.deadletter" }
        let codes = Set(deadLetters.compactMap { $0.headers["liaison.reason.code"] })
        #expect(expectedCodes.isSubset(of: codes), "dead-letter codes seen: \(codes)")
        #expect(outputs.assigned("DL-3").count == 2, "a good case after the bad records is still served")
        for letter in deadLetters {
            #expect(!(letter.headers["liaison.reason"] ?? "").isEmpty, "every dead letter says why")
            #expect(letter.headers["liaison.origin.topic"]?.hasPrefix("dept.") == true)
        }
        let garbage = try #require(deadLetters.first { $0.headers["liaison.reason.code"] == "not-json" })
        #expect(garbage.value == Array("{not json".utf8), "the refused record is kept unchanged")

        await reader.close()
        try await producer.close()
    }
}
