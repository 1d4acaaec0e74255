import Foundation
import LiaisonCore
import LiaisonKafka
import Testing

/// One department topic keyed by case id, read by the processing stage itself: no router, no
/// inbound topic (the fixture does not create one), and a record outside its case's partition
/// is dead-lettered instead of giving the case a second owner.
@Suite("A department topic keyed by case id is read in one hop", .serialized)
struct DirectTopicTests {
    @Test func misplacedAndMalformedRecordsAreDeadLetteredAndEveryOffsetIsConsumed() async throws {
        let fixture = try await EndToEndFixture(name: "direct", workflows: ["e2e-steady.yaml": TestWorkflows.steady], direct: .crc32)
        defer { fixture.cleanUp() }
        let (producer, reader) = try await fixture.startDaemonWithClients()
        let now = Departments.now()
        func open(_ caseID: String, id: String) -> KafkaRecord {
            Departments.event("gov.case.opened", id: id, unit: "service-window", caseID: caseID, time: now,
                              data: .object([("matter", "e2e-steady"), ("title", "t")]))
        }
        let home = KeyPartitioner.crc32.partition(of: Array("DIR-1".utf8), partitionCount: 4)
        var otherKey = Departments.event("gov.task.accepted", id: "bad-key", unit: "alpha", caseID: "DIR-1", time: now)
        otherKey.key = Array("DIR-2".utf8)
        var otherPartition = Departments.event("gov.task.accepted", id: "bad-partition", unit: "alpha", caseID: "DIR-1", time: now)
        otherPartition.partition = (home + 1) % 4
        var notJSON = Departments.event("gov.task.accepted", id: "bad-json", unit: "alpha", caseID: "DIR-1", time: now)
        notJSON.value = Array("{not json".utf8)
        let intruder = Departments.event("gov.task.accepted", id: "bad-unit", unit: "intruder", caseID: "DIR-1", time: now)
        let accepted = Departments.event("gov.task.accepted", id: "good-accept", unit: "alpha", caseID: "DIR-1", time: now)

        try await Departments.publish(fixture.addressed([open("DIR-1", id: "good-1")]), with: producer)
        try await reader.read(timeout: .seconds(60)) { $0.assigned("DIR-1").count == 2 }
        try await Departments.publish(fixture.addressed([otherKey, otherPartition, notJSON, intruder, accepted, open("DIR-3", id: "good-3")]),
                                      with: producer)

        let expected: [String: String] = ["bad-key": "not-keyed-by-case", "bad-partition": "not-keyed-by-case",
                                          "bad-json": "not-json", "bad-unit": "source-not-allowed"]
        let outputs = try await reader.read(timeout: .seconds(60)) { outputs in
            outputs.filter { $0.topic == "liaison.deadletter" }.count >= expected.count && outputs.assigned("DIR-3").count == 2
        }
        let letters = outputs.filter { $0.topic == "liaison.deadletter" }
        var seen: [String: String] = [:]
        for letter in letters {
            seen[letter.headers["ce_id"] ?? "?"] = letter.headers["liaison.reason.code"]
            #expect(letter.headers["liaison.origin.topic"] == EndToEndFixture.directTopic)
            #expect(letter.headers["liaison.origin.offset"] != nil)
            #expect(!(letter.headers["liaison.reason"] ?? "").isEmpty, "every dead letter says why")
        }
        #expect(seen == expected, "dead letters by event id")
        let misplaced = try #require(letters.first { $0.headers["ce_id"] == "bad-partition" })
        #expect(misplaced.headers["liaison.reason"]?.contains("belongs in partition \(home)") == true, "\(misplaced.headers)")
        #expect(letters.first { $0.headers["ce_id"] == "bad-key" }?.headers["liaison.refused.by"] == "router")
        #expect(outputs.contains { $0.type == "liaison.task.state_changed" && $0.caseID == "DIR-1" && $0.id.hasSuffix("/alpha/accepted") },
                "the case's own accept, in its partition, is applied")
        #expect(outputs.assigned("DIR-3").count == 2, "a good case after the bad records is still served")

        // Every record's offset is committed with its batch: 1 + 6 records, none stuck.
        var applied: Int64 = 0
        for _ in 0..<100 where applied < 7 {
            applied = try fixture.appliedInboundRecords()
            if applied < 7 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(applied == 7, "offsets committed in the store for the department topic")
        #expect(fixture.daemon?.output.contains("router reading") == false, "no router in one hop")
        await reader.close()
        try await producer.close()
    }
}
