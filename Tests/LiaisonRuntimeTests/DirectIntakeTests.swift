import LiaisonCore
import LiaisonKafka
import LiaisonStore
@testable import LiaisonRuntime
import Testing

/// A department topic keyed by case id, read by the processing stage itself: a record is judged
/// as the router judges it, and must sit in its case's partition.
@Suite("Reading a department topic keyed by case id directly")
struct DirectIntakeTests {
    static let yaml = """
        topics:
          inputs:
            - { topic: dept.joint, units: [service-window, tax], keyed_by_case: murmur2 }
        """

    static func intake() throws -> DirectIntake {
        let configuration = try LiaisonConfiguration.load(yaml: yaml, file: "c.yaml", environment: [:])
        let direct = try #require(configuration.topics.direct)
        return DirectIntake(routing: RecordRouting(configuration: configuration), partitioner: KeyPartitioner(try #require(direct.keyedByCase)),
                            partitionCount: 12)
    }

    static func message(caseID: String = "CASE-1", key: String? = "CASE-1", partition: Int32? = nil, unit: String = "tax",
                        offset: Int64 = 41) -> KafkaMessage {
        let headers: [(String, String)] = [
            ("ce_specversion", "1.0"), ("ce_id", "e-\(offset)"), ("ce_source", "/units/\(unit)"), ("ce_type", "gov.task.accepted"),
            ("ce_subject", caseID), ("ce_time", "2026-03-02T01:30:00Z"), ("content-type", "application/json"),
        ]
        let home = KeyPartitioner.murmur2.partition(of: Array(caseID.utf8), partitionCount: 12)
        return KafkaMessage(topic: "dept.joint", partition: partition ?? home, offset: offset, key: key.map { Array($0.utf8) },
                            headers: headers.map { KafkaHeader(name: $0.0, value: Array($0.1.utf8)) }, value: Array("{}".utf8),
                            timestamp: 1_772_415_000_000)
    }

    @Test func theOnlyInputTopicDeclaredKeyedIsReadDirectlyAndTheInboundTopicIsNot() throws {
        let configuration = try LiaisonConfiguration.load(yaml: Self.yaml, file: "c.yaml", environment: [:])
        #expect(configuration.topics.direct?.name == "dept.joint")
        #expect(configuration.topics.processing == "dept.joint")
        let twoHops = try LiaisonConfiguration.load(yaml: "topics: { inputs: [ { topic: dept.joint, units: [tax] } ] }\n",
                                                    file: "c.yaml", environment: [:])
        #expect(twoHops.topics.direct == nil)
        #expect(twoHops.topics.processing == "liaison.inbound")
        let fromEnvironment = try LiaisonConfiguration.load(
            yaml: "", file: "c.yaml",
            environment: ["LIAISON_TOPICS_INPUTS": "[{topic: dept.joint, units: [tax], keyed_by_case: crc32}]"])
        #expect(fromEnvironment.topics.direct?.keyedByCase == .crc32)
    }

    @Test func aPartitionerNobodyUsesOrAKeyedTopicAmongSeveralIsRefusedWithTheReason() {
        let unknown = "topics:\n  inputs:\n    - { topic: dept.joint, units: [tax], keyed_by_case: md5 }\n"
        #expect(throws: DefinitionErrors.self) { _ = try LiaisonConfiguration.load(yaml: unknown, file: "c.yaml", environment: [:]) }
        do {
            _ = try LiaisonConfiguration.load(yaml: unknown, file: "c.yaml", environment: [:])
        } catch {
            #expect(error.description.contains("c.yaml:3"), "\(error)")
            #expect(error.description.contains("murmur2"), "\(error)")
        }
        let several = """
            topics:
              inputs:
                - { topic: dept.joint, units: [tax], keyed_by_case: murmur2 }
                - { topic: dept.window, units: [service-window] }
            """
        do {
            _ = try LiaisonConfiguration.load(yaml: several, file: "c.yaml", environment: [:])
            Issue.record("a keyed topic among several input topics was accepted")
        } catch {
            #expect(error.description.contains("only input topic"), "\(error)")
        }
    }

    @Test func aRecordInItsCasesPartitionIsAppliedWithTheHeadersTheRouterWouldAdd() throws {
        let record = try Self.intake().take(Self.message())
        #expect(record.refused == nil)
        #expect(record.caseID == "CASE-1")
        #expect(record.offset == 41)
        #expect(record.partition == KeyPartitioner.murmur2.partition(of: Array("CASE-1".utf8), partitionCount: 12))
        #expect(record.origin == .init(topic: "dept.joint", partition: record.partition, offset: 41))
        #expect(record.header(RecordHeaders.originTimestamp) == "1772415000000")
        #expect(record.originalKey == Array("CASE-1".utf8))
        #expect(try record.decodeEvent().caseID == "CASE-1")
    }

    @Test(arguments: [
        ("a key that is not the case id", "OTHER", nil as Int32?),
        ("no key", nil, nil),
        ("the case id as key in another partition", "CASE-1", 0),
    ] as [(String, String?, Int32?)])
    func aRecordOutsideItsCasesPartitionIsDeadLetteredNotApplied(what: String, key: String?, partition: Int32?) throws {
        let home = KeyPartitioner.murmur2.partition(of: Array("CASE-1".utf8), partitionCount: 12)
        let message = Self.message(key: key, partition: partition.map { home == $0 ? $0 + 1 : $0 })
        let record = try Self.intake().take(message)
        let refused = try #require(record.refused, "\(what)")
        #expect(refused.code == "not-keyed-by-case")
        #expect(refused.source == .init(topic: "dept.joint", partition: message.partition, offset: 41))
        let letter = refused.deadLetter
        #expect(letter.topic == "liaison.deadletter")
        #expect(letter.partition == message.partition, "written under the partition whose offset it consumes")
        #expect(letter.key == message.key && letter.value == message.value, "the record unchanged")
        let headers = Dictionary(letter.headers.map { ($0.name, String(decoding: $0.value ?? [], as: UTF8.self)) }) { $1 }
        #expect(headers[RecordHeaders.reasonCode] == "not-keyed-by-case")
        #expect(headers[RecordHeaders.refusedBy] == "router")
        #expect(headers[RecordHeaders.originTopic] == "dept.joint")
        #expect(headers[RecordHeaders.originOffset] == "41")
        #expect(headers["ce_subject"] == "CASE-1", "its own headers kept")
    }

    @Test func theRoutersRefusalsStillApplyOnTheDirectTopic() throws {
        let record = try Self.intake().take(Self.message(unit: "public-security"))
        #expect(record.refused?.code == "source-not-allowed")
        let headers = Dictionary((record.refused?.deadLetter.headers ?? []).map { ($0.name, $0.value ?? []) }) { $1 }
        #expect(headers[RecordHeaders.refusedBy] == Array("router".utf8))
    }
}

@Suite("A record refused before any case is read still moves its partition on")
struct DirectRefusalBatchTests {
    @Test func itsOffsetIsConsumedAndItsDeadLetterWrittenInTheSameBatchAsTheCasesAround() throws {
        let base = try BatchBuilderTests()
        var builder = BatchBuilder(engine: base.engine, topics: base.topics, states: [:])
        let intake = try DirectIntakeTests.intake()
        let misplaced = intake.take(DirectIntakeTests.message(caseID: "C-1", key: "somebody-else", offset: 9))
        #expect(misplaced.refused != nil)
        builder.apply(misplaced, now: base.t0)
        let partition = misplaced.partition
        var opening = base.record("gov.case.opened", id: "o-1", unit: "service-window", offset: 10, data: #"{"matter":"w","title":"t"}"#)
        opening.partition = partition
        builder.apply(opening, now: base.t0)
        let batch = builder.finish(leases: [PartitionLease(partition: partition, epoch: 1, nextOffset: nil)])
        #expect(batch.offsets == [partition: 11])
        #expect(batch.caseStates.keys.sorted() == ["C-1"], "the refused record reads and writes no case")
        let letters = batch.outbox.filter { $0.topic == "liaison.deadletter" }
        #expect(letters.count == 1)
        #expect(letters.first?.key == Array("somebody-else".utf8))
        #expect(builder.outcomes.contains(.refusedUnread("not-keyed-by-case")))
        #expect(builder.deadLetterNotes.map(\.stage) == ["router"])
    }
}
