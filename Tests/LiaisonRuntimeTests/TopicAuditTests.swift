import LiaisonCore
@testable import LiaisonRuntime
import LiaisonStore
import Testing

@Suite("Verifying the output topics recomputes each output from its record and its chain headers")
struct TopicAuditTests {
    /// The outputs of one case opened and completed, as the topics would hold them.
    static func published() throws -> [TopicAudit.Record] {
        let fixture = try BatchBuilderTests()
        var builder = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: [:])
        builder.apply(fixture.record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#), now: fixture.t0)
        builder.apply(fixture.record("gov.task.completed", id: "a-1", unit: "alpha", offset: 2, data: #"{"outcome":"approved"}"#), now: fixture.t0)
        let batch = builder.finish(leases: [])
        return batch.outbox.enumerated().map { offset, message in
            var headers: [String: String] = [:]
            for header in message.headers { headers[header.name] = header.value.map { String(decoding: $0, as: UTF8.self) } }
            return TopicAudit.Record(topic: message.topic, partition: 0, offset: Int64(offset), key: String(decoding: message.key ?? [], as: UTF8.self),
                                     headers: headers, value: message.value ?? [])
        }
    }

    let audit = TopicAudit(auditTopic: "liaison.audit", keys: [])

    @Test func publishedOutputsVerifyAlsoWhenDeliveredTwice() throws {
        let records = try Self.published()
        #expect(records.count > 3)
        let report = audit.verify(records + records)
        #expect(report.failure == nil, "\(report.failure ?? "")")
        #expect(report.outputs == records.count * 2)
    }

    @Test func anEditedValueIsNamedWithItsCaseAndSeq() throws {
        var records = try Self.published()
        records[2].value = Array(String(decoding: records[2].value, as: UTF8.self).replacingOccurrences(of: "\"", with: "'").utf8)
        let failure = audit.verify(records).failure
        #expect(failure?.contains("case C-1 seq \(records[2].headers["liaison.chain.seq"]!) edited") == true, "\(failure ?? "")")
    }

    @Test func aSecondOutputClaimingAPlaceIsAnInsertionAndAForeignLinkAReordering() throws {
        let records = try Self.published()
        var forged = records[1]
        forged.headers["ce_id"] = "C-1/forged"
        let seq = Int64(forged.headers["liaison.chain.seq"]!)!
        let entry = HistoryEntries.outputEntry(topic: forged.topic, type: forged.headers["ce_type"]!, id: "C-1/forged",
                                               unit: (try? JSONValue.parse(forged.value))?["unit"]?.stringValue, digest: AuditChain.digest(forged.value))
        let link = ChainHead.link(after: ChainHead(seq: seq - 1, hash: Hex.decode(forged.headers["liaison.chain.prev"]!)!), caseID: "C-1",
                                  at: Timestamp(rfc3339: forged.headers["ce_time"]!)!.milliseconds, kind: "output", entry: entry)
        forged.headers["liaison.chain.hash"] = Hex.encode(link.hash)
        let inserted = audit.verify(records + [forged]).failure
        #expect(inserted?.contains("case C-1 seq \(seq) inserted") == true, "\(inserted ?? "")")

        // A well-formed output that links to another chain's entry: out of order.
        var relinked = records[2]
        let relinkedSeq = Int64(relinked.headers["liaison.chain.seq"]!)!
        let relinkedEntry = HistoryEntries.outputEntry(topic: relinked.topic, type: relinked.headers["ce_type"]!, id: relinked.headers["ce_id"]!,
                                                       unit: (try? JSONValue.parse(relinked.value))?["unit"]?.stringValue,
                                                       digest: AuditChain.digest(relinked.value))
        let foreign = ChainHead.link(after: ChainHead(seq: relinkedSeq - 1, hash: Array(repeating: 1, count: 32)), caseID: "C-1",
                                     at: Timestamp(rfc3339: relinked.headers["ce_time"]!)!.milliseconds, kind: "output", entry: relinkedEntry)
        relinked.headers["liaison.chain.prev"] = Hex.encode(foreign.prevHash)
        relinked.headers["liaison.chain.hash"] = Hex.encode(foreign.hash)
        var swapped = records
        swapped[2] = relinked
        let reordered = audit.verify(swapped).failure
        #expect(reordered?.contains("case C-1 seq \(relinkedSeq) reordered") == true, "\(reordered ?? "")")
    }
}
