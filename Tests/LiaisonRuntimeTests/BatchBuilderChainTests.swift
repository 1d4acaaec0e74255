import LiaisonCore
@testable import LiaisonRuntime
import LiaisonStore
import Testing

@Suite("A batch links every history entry into its case's chain and stamps the outputs")
struct BatchBuilderChainTests {
    let fixture: BatchBuilderTests
    let lease = PartitionLease(partition: 3, epoch: 1, nextOffset: nil)

    init() throws { fixture = try BatchBuilderTests() }

    func opened() -> InboundRecord {
        fixture.record("gov.case.opened", id: "o-1", unit: "service-window", offset: 1, data: #"{"matter":"w","title":"t"}"#)
    }

    func completed() -> InboundRecord {
        fixture.record("gov.task.completed", id: "a-1", unit: "alpha", offset: 2, data: #"{"outcome":"approved"}"#)
    }

    func verify(_ history: [CaseHistoryEntry], head: ChainHead?) -> ChainVerification {
        ChainVerifier(caseID: "C-1", head: head, keep: nil).verify(history.map {
            .init(seq: $0.link!.seq, at: $0.at, kind: $0.kind.rawValue, entry: $0.entry, prevHash: $0.link!.prevHash, hash: $0.link!.hash)
        })
    }

    @Test func entriesAcrossTwoBatchesFormOneChainEndingAtTheStatesHead() throws {
        var first = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: [:])
        first.apply(opened(), now: fixture.t0)
        let one = first.finish(leases: [lease])
        let afterOne = try #require(first.changedStates["C-1"])
        #expect(one.history.map { $0.link?.seq } == Array(1...Int64(one.history.count)).map { $0 })

        let stored = try CaseState(decoding: try #require(one.caseStates["C-1"]).state)
        #expect(stored.chain == afterOne.chain)
        #expect(stored.chain?.seq == Int64(one.history.count))

        var second = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: ["C-1": stored])
        second.apply(completed(), now: fixture.t0)
        let two = second.finish(leases: [lease])
        #expect(two.history.first?.link?.seq == Int64(one.history.count + 1))
        let head = try CaseState(decoding: try #require(two.caseStates["C-1"]).state).chain
        let all = one.history + two.history
        let result = verify(all, head: head)
        #expect(result.isVerified, "\(String(describing: result.firstBreak))")
        #expect(result.verified == all.count)
    }

    @Test func everyOutputCarriesItsEntrysNumberAndHash() throws {
        var builder = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: [:])
        builder.apply(opened(), now: fixture.t0)
        let batch = builder.finish(leases: [lease])
        let outputs = batch.history.filter { $0.kind == .output }
        #expect(!outputs.isEmpty)
        #expect(outputs.count == batch.outbox.count)
        for (message, entry) in zip(batch.outbox, outputs) {
            let seq = message.headers.first { $0.name == "liaison.chain.seq" }?.value.map { String(decoding: $0, as: UTF8.self) }
            let hash = message.headers.first { $0.name == "liaison.chain.hash" }?.value.map { String(decoding: $0, as: UTF8.self) }
            #expect(seq == String(entry.link!.seq))
            #expect(hash == entry.link!.hash)
            #expect(entry.entry.contains(AuditChain.digest(message.value ?? [])))
        }
        let input = try #require(batch.history.first)
        #expect(input.kind == .input)
        #expect(input.entry.contains(AuditChain.digest(opened().value ?? [])))
    }

    /// What a restart after kill -9 does: the uncommitted batch is computed again from the
    /// last committed state. It must link exactly the same entries, or the chain would fork.
    @Test func aBatchAppliedAgainFromTheSameStateLinksTheSameEntries() throws {
        var first = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: [:])
        first.apply(opened(), now: fixture.t0)
        let stored = try CaseState(decoding: try #require(first.finish(leases: [lease]).caseStates["C-1"]).state)
        var runs: [StoreBatch] = []
        for later in [fixture.t0, Timestamp(milliseconds: fixture.t0.milliseconds + 5_000)] {
            var builder = BatchBuilder(engine: fixture.engine, topics: fixture.topics, states: ["C-1": stored])
            builder.apply(completed(), now: later)
            runs.append(builder.finish(leases: [lease]))
        }
        #expect(runs[0].history == runs[1].history)
        #expect(runs[0].outbox.map(\.headers) == runs[1].outbox.map(\.headers))
    }
}
