import LiaisonCore
@testable import LiaisonRuntime
import Testing

@Suite("Engine refusals are logged with their code, case and unit, a few lines per code and window")
struct RefusalLogTests {
    func refusal(_ code: RefusalCode, _ n: Int) -> EngineRefusal {
        EngineRefusal(code: code, caseID: "C-\(n)", unit: "alpha", reason: "r")
    }

    @Test("past the limit a code's refusals are counted, and one line says how many once its window ends")
    func floodsCostAFewLinesAndOneCount() {
        var limiter = RefusalLogLimiter(linesPerWindow: 3, window: .seconds(10))
        var lines: [RefusalLogLimiter.Line] = []
        for n in 0..<10 { lines += limiter.admit(refusal(.notAParty, n), now: 1_000 + Int64(n)) }
        lines += limiter.admit(refusal(.caseClosed, 0), now: 2_000)
        #expect(lines == [.refusal(refusal(.notAParty, 0)), .refusal(refusal(.notAParty, 1)), .refusal(refusal(.notAParty, 2)),
                          .refusal(refusal(.caseClosed, 0))])
        #expect(limiter.flush(now: 10_999).isEmpty, "the window is not over yet")
        #expect(limiter.flush(now: 11_000) == [.suppressed(code: .notAParty, count: 7)])
        #expect(limiter.flush(now: 30_000).isEmpty, "counted once")
        #expect(limiter.admit(refusal(.notAParty, 11), now: 30_001) == [.refusal(refusal(.notAParty, 11))], "a new window logs again")
    }

    @Test("a refusal after the window ended first reports the count left out of it")
    func aLateRefusalReportsThePreviousCount() {
        var limiter = RefusalLogLimiter(linesPerWindow: 1, window: .seconds(10))
        _ = limiter.admit(refusal(.notAParty, 0), now: 0)
        _ = limiter.admit(refusal(.notAParty, 1), now: 1)
        #expect(limiter.admit(refusal(.notAParty, 2), now: 10_000) == [.suppressed(code: .notAParty, count: 1), .refusal(refusal(.notAParty, 2))])
    }

    @Test("the batch gathers each refusal with its code, case and sending unit, and the dead letter with its origin")
    func batchGathersRefusalsAndDeadLetters() throws {
        let fixture = try OperatorFixture()
        try fixture.commit([fixture.open("C-1")])
        let builder = try fixture.commit([
            fixture.record("gov.task.accepted", id: "x-1", unit: "gamma", caseID: "C-1"),
            fixture.record("gov.case.opened", id: "x-2", unit: "service-window", caseID: "C-2", data: #"{"matter":"moon","title":"t"}"#),
        ])
        #expect(builder.refusals.map(\.code) == [.notAParty, .unknownMatter])
        #expect(builder.refusals.map(\.caseID) == ["C-1", "C-2"])
        #expect(builder.refusals.map(\.unit) == ["gamma", "service-window"])
        #expect(builder.deadLetterNotes.map(\.code) == ["not-a-party", "unknown-matter"])
        #expect(builder.deadLetterNotes.first?.source == DeadLetterNote.Source(topic: "dept.gamma", partition: 2, offset: 102))
        #expect(builder.deadLetterNotes.first?.stage == "engine")
    }
}

@Suite("The recent dead letters are kept in a ring of the newest")
struct DeadLetterRingTests {
    @Test func theRingKeepsTheNewestFirstAndCountsEverything() {
        let ring = DeadLetterRing(capacity: 3)
        let notes = (0..<5).map { DeadLetterNote(time: Timestamp(milliseconds: Int64($0)), code: "c\($0)", stage: "router",
                                                 source: nil, caseID: nil, reason: String(repeating: "x", count: 300)) }
        ring.record(Array(notes.prefix(2)))
        #expect(ring.recent().notes.map(\.code) == ["c1", "c0"])
        ring.record(Array(notes.dropFirst(2)))
        let (kept, total) = ring.recent()
        #expect(kept.map(\.code) == ["c4", "c3", "c2"])
        #expect(total == 5)
        #expect(kept.first?.reason.count == DeadLetterNote.reasonCharacters + 1, "cut, with an ellipsis")
    }

    @Test("GET /v1/deadletters says it is per instance and since start, with each note's place and reason")
    func theSourceDescribesEachNote() async throws {
        let fixture = try OperatorFixture()
        let metrics = RuntimeMetrics()
        metrics.recentDeadLetters.record([DeadLetterNote(time: fixture.t0, code: "not-a-party", stage: "engine",
                                                         source: .init(topic: "dept.gamma", partition: 2, offset: 7),
                                                         caseID: "C-1", reason: "gamma is not a party")])
        let source = DaemonAdminSource(instanceID: "i-1", catalog: fixture.catalog, store: fixture.store, metrics: metrics)
        let json = try JSONValue.parse(Array(await source.deadLettersJSON().utf8))
        #expect(json["scope"]?.stringValue?.contains("since it started") == true)
        #expect(json["recordedSinceStart"] == .integer(1))
        guard case .array(let list)? = json["deadLetters"] else { Issue.record("no list"); return }
        #expect(list.first?["code"] == .string("not-a-party"))
        #expect(list.first?["topic"] == .string("dept.gamma"))
        #expect(list.first?["partition"] == .integer(2))
        #expect(list.first?["offset"] == .integer(7))
        #expect(list.first?["time"] == .string("2026-03-02T01:30:00Z"))
        #expect(list.first?["case"] == .string("C-1"))
    }
}

@Suite("Static group membership comes from kafka.group_instance_id")
struct StaticMembershipTests {
    @Test func theInstanceIdReachesTheConsumersOnlyWhenSet() throws {
        let kafka = Daemon(configuration: LiaisonConfiguration(), catalog: WorkflowCatalog(workflows: []),
                           logger: .init(label: "t")).kafkaConfiguration
        #expect(kafka.staticMember(nil).properties["group.instance.id"] == nil)
        #expect(kafka.staticMember("liaison-0").properties["group.instance.id"] == "liaison-0")
        let configuration = try LiaisonConfiguration.fromEnvironment(["LIAISON_KAFKA_GROUP_INSTANCE_ID": "liaison-1",
                                                                      "LIAISON_ALLOW_ORPHANED_CASES": "true",
                                                                      "LIAISON_STORE_HISTORY_PER_CASE": "20"])
        #expect(configuration.kafka.groupInstanceID == "liaison-1")
        #expect(configuration.allowOrphanedCases)
        #expect(configuration.store.historyPerCase == 20)
        #expect(throws: (any Error).self) { try LiaisonConfiguration.fromEnvironment(["LIAISON_ALLOW_ORPHANED_CASES": "maybe"]) }
    }
}
