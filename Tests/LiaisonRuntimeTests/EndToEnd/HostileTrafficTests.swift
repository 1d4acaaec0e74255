import Foundation
import LiaisonCore
import LiaisonKafka
import LiaisonStore
import Testing

/// Department traffic that tries to break the daemon's promise: redelivery changing a case,
/// ids that confuse the store, records too large to pass on, a second daemon on one store.
@Suite("Hostile traffic changes no case and stops no pipeline", .serialized)
struct HostileTrafficTests {
    @Test func aRefusedEventDeliveredAgainAfterTheCaseMovedOnChangesNothing() async throws {
        let fixture = try await EndToEndFixture(name: "redelivery", workflows: ["e2e-steady.yaml": TestWorkflows.steady])
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let now = Departments.now()
        let ids = (1...40).map { String(format: "RD-%03d", $0) }
        func events(_ type: String, _ prefix: String, unit: String, second: Int, data: JSONValue = .object([])) -> [KafkaRecord] {
            ids.map { Departments.event(type, id: "\(prefix)-\($0)", unit: unit, caseID: $0,
                                        time: now.adding(milliseconds: Int64(second) * 1_000), data: data) }
        }
        try await Departments.publish(events("gov.case.opened", "open", unit: "service-window", second: 0,
                                             data: .object([("matter", "e2e-steady")])), with: producer)
        // A resume with nothing paused is refused; the pause after it is applied.
        let resumes = events("gov.task.resumed", "resume", unit: "alpha", second: 1)
        try await Departments.publish(resumes, with: producer)
        try await Departments.publish(events("gov.task.paused", "pause", unit: "alpha", second: 2), with: producer)
        try await reader.read(timeout: .seconds(60)) { outputs in
            outputs.filter { $0.id.hasSuffix("/alpha/paused/pause-\($0.caseID)") }.count == ids.count
        }
        // The router delivers at least once: after a crash it forwards the same records again.
        let applied = try fixture.appliedInboundRecords()
        try await Departments.publish(resumes, with: producer)
        let deadline = ContinuousClock.now + .seconds(60)
        while try fixture.appliedInboundRecords() < applied + Int64(ids.count), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try fixture.appliedInboundRecords() >= applied + Int64(ids.count), "the repeated records were consumed")
        let outputs = try await reader.read(timeout: .seconds(2)) { _ in false }
        #expect(!outputs.contains { $0.type == "liaison.task.state_changed" && $0.data["state"]?.stringValue == "resumed" },
                "a repeated refused resume was applied")
        fixture.daemon?.signal(SIGTERM)
        #expect(await fixture.daemon?.waitForExit(timeout: .seconds(60)) == 0)
        let store = try SQLiteStore(path: fixture.storePath, logger: fixture.logger)
        for (id, bytes) in try await store.caseStates(ids: ids) {
            let state = try CaseState(decoding: bytes)
            #expect(state.tasks.first { $0.unit == "alpha" }?.pausedAt != nil, "\(id): alpha's task is no longer paused")
        }
        await reader.close()
        try await producer.close()
    }

    @Test func controlCharactersHugeAttributesAndOversizedRecordsAreSetAsideWhileGoodEventsFlow() async throws {
        let fixture = try await EndToEndFixture(name: "hostile", workflows: ["e2e-steady.yaml": TestWorkflows.steady])
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let now = Departments.now()
        let open = Departments.event("gov.case.opened", id: "o-1", unit: "service-window", caseID: "F5-1", time: now,
                                     data: .object([("matter", "e2e-steady")]))
        // A case id with a NUL: to the store it used to be the same row as F5-1.
        let nul = Departments.event("gov.task.accepted", id: "n-1", unit: "alpha", caseID: "F5-1\u{0}x", time: now)
        // A 600 KB type: the record is over max_event_bytes; its dead letter must not carry it all.
        var hugeType = Departments.event("gov.task.accepted", id: "h-1", unit: "alpha", caseID: "F5-1", time: now)
        hugeType.headers = hugeType.headers.map {
            $0.name == "ce_type" ? KafkaHeader(name: "ce_type", value: Array(String(repeating: "T", count: 600_000).utf8)) : $0
        }
        // A 300-byte case id: a small record, refused by its attribute.
        let longSubject = Departments.event("gov.task.accepted", id: "s-1", unit: "alpha",
                                            caseID: String(repeating: "C", count: 300), time: now)
        let later = Departments.event("gov.case.opened", id: "o-2", unit: "service-window", caseID: "F5-2", time: now,
                                      data: .object([("matter", "e2e-steady")]))
        try await Departments.publish([open], with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned("F5-1").count == 2 }
        try await Departments.publish([nul, hugeType, longSubject], with: producer)
        try await Departments.publish([later], with: producer)
        let outputs = try await reader.read(timeout: .seconds(60)) { outputs in
            outputs.filter { $0.topic == "liaison.deadletter" }.count >= 3 && outputs.assigned("F5-2").count == 2
        }
        let letters = outputs.filter { $0.topic == "liaison.deadletter" }
        #expect(letters.count == 3)
        #expect(outputs.assigned("F5-2").count == 2, "events after the hostile records are still served")
        #expect(letters.compactMap { $0.headers["liaison.reason.code"] }.sorted() == ["bad-attribute", "bad-attribute", "too-large"])
        for letter in letters {
            #expect((letter.headers["liaison.reason"] ?? "").utf8.count < 600, "a reason repeats bounded input only")
            #expect(letter.headers.values.allSatisfy { $0.utf8.count <= 1_100 }, "no dead-letter header carries the huge attribute")
        }
        let cut = try #require(letters.first { $0.headers["liaison.reason.code"] == "too-large" })
        #expect(cut.headers["liaison.truncated"]?.contains("header ce_type 600000 bytes") == true)
        await reader.close()
        try await producer.close()
    }

    @Test func aSecondDaemonOnTheSameStoreIsRefusedWithAClearMessage() async throws {
        let fixture = try await EndToEndFixture(name: "two-daemons", workflows: ["e2e-steady.yaml": TestWorkflows.steady])
        defer { fixture.cleanUp() }
        try fixture.startDaemon()
        try await fixture.waitUntilDaemonReady()
        let second = try ChildProcess(arguments: ["run", "--config", fixture.folder.file("liaison.yaml")],
                                      logPath: fixture.folder.file("second.log"))
        let status = await second.waitForExit(timeout: .seconds(30))
        #expect(status != nil && status != 0, "the second daemon must stop at once")
        #expect(second.output.contains("in use by another Liaison instance"), "\(second.output.suffix(2000))")
        #expect(fixture.daemon?.process.isRunning == true, "the first daemon keeps running")
    }
}
