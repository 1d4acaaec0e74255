import Foundation
import LiaisonCore
import LiaisonKafka
import Testing

/// The operator's views of a real `liaison run`: the case list, a case's history, the recent
/// dead letters and the refusal log.
@Suite("An operator lists cases, reads a case's history and the recent dead letters of a running daemon", .serialized)
struct OperatorViewsEndToEndTests {
    @Test func casesHistoryDeadLettersAndRefusalLinesAreThere() async throws {
        let fixture = try await EndToEndFixture(name: "operator", workflows: ["e2e-fast.yaml": TestWorkflows.fast])
        defer { fixture.cleanUp() }
        let admin = AdminEndToEndTests()
        fixture.daemon = try ChildProcess(
            arguments: ["run", "--config", fixture.folder.file("liaison.yaml"), "--log-level", "info"],
            logPath: fixture.folder.file("daemon-operator.log"),
            environment: ["LIAISON_ADMIN_TOKEN": AdminEndToEndTests.token]
        )
        let port = try await admin.adminPort(fixture)
        try await fixture.waitUntilDaemonReady()
        let producer = try KafkaProducer(configuration: fixture.kafka, logger: fixture.logger)
        let reader = try OutputReader(kafka: fixture.kafka, logger: fixture.logger)
        let caseID = "E2E-OPS-1"
        let now = Departments.now()
        try await Departments.publish([
            Departments.event("gov.case.opened", id: "sw-1", unit: "service-window", caseID: caseID, time: now,
                              data: .object([("matter", "e2e-fast"), ("title", "operator view")])),
        ], with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned(caseID).count == 2 }
        try await Departments.publish([
            Departments.event("gov.task.accepted", id: "g-1", unit: "gamma", caseID: caseID, time: now),
        ], with: producer)
        try await reader.read(timeout: .seconds(60)) { outputs in
            outputs.contains { $0.topic == "liaison.deadletter" && $0.headers["liaison.reason.code"] == "not-a-party" }
        }

        func get(_ path: String) async throws -> (status: Int, json: JSONValue?) {
            let (status, body) = try await admin.get(port, path, token: AdminEndToEndTests.token)
            return (status, try? JSONValue.parse(Array(body.utf8)))
        }
        let listed = try await get("/v1/cases?status=open&unit=alpha")
        #expect(listed.status == 200)
        guard case .array(let cases)? = listed.json?["cases"] else { Issue.record("no case list"); return }
        #expect(cases.map { $0["case"] } == [.string(caseID)])
        #expect(cases.first?["openUnits"] == .array([.string("alpha"), .string("beta")]))
        #expect(try await get("/v1/cases?status=running").status == 400)

        let detail = try await get("/v1/cases/\(caseID)")
        guard case .array(let history)? = detail.json?["history"] else { Issue.record("no history"); return }
        #expect(history.first?["kind"] == .string("input"))
        #expect(history.first?["type"] == .string("gov.case.opened"))
        #expect(history.first?["at"] == .string(now.rfc3339))
        #expect(history.contains { $0["kind"] == .string("output") && $0["type"] == .string("liaison.task.assigned") })
        #expect(!history.contains { $0["id"] == .string("g-1") }, "a refused event is no part of the case's history")

        let letters = try await get("/v1/deadletters")
        guard case .array(let notes)? = letters.json?["deadLetters"] else { Issue.record("no dead letters"); return }
        let note = try #require(notes.first { $0["code"] == .string("not-a-party") })
        #expect(note["topic"] == .string("dept.gamma"))
        #expect(note["case"] == .string(caseID))
        #expect(note["offset"] != .null)

        let log = fixture.daemon?.output ?? ""
        #expect(log.split(separator: "\n").contains { $0.contains("event refused") && $0.contains("code=not-a-party")
            && $0.contains("case=\(caseID)") && $0.contains("unit=gamma") }, "the refusal is logged with its code, case and unit")
        #expect(log.contains("workflow version loaded") && log.contains("open_cases=0"))
        await reader.close()
        try await producer.close()
    }
}
