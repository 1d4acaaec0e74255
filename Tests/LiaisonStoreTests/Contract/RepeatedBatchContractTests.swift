import LiaisonStore
import Testing

/// A commit whose acknowledgement was lost (the connection broke after PostgreSQL committed) is
/// run again by the daemon with the same batch. The repeat must change nothing: states,
/// offsets and metric rows are written whole, outputs repeat with their ids, and the chained
/// history and the audit checkpoints, which have fixed places, must not be written twice nor
/// make the repeat fail.
@Suite("Contract: a batch committed twice leaves what one commit leaves")
struct RepeatedBatchContractTests {
    @Test("chained history and checkpoints of a repeated batch are kept once", arguments: StoreKind.allCases)
    func repeatedBatchIsHarmless(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let lease = try #require(try await store.acquire(partitions: [0], owner: "a").first)
            let zero = String(repeating: "0", count: 64), first = String(repeating: "a", count: 64), second = String(repeating: "b", count: 64)
            let batch = StoreBatch(
                leases: [lease], caseStates: ["c": .init(partition: 0, state: [1])],
                history: [
                    CaseHistoryEntry(caseID: "c", at: 1, kind: .input, entry: "{\"n\":1}", link: CaseHistoryLink(seq: 1, prevHash: zero, hash: first)),
                    CaseHistoryEntry(caseID: "c", at: 2, kind: .output, entry: "{\"n\":2}", link: CaseHistoryLink(seq: 2, prevHash: first, hash: second)),
                ],
                checkpoints: [StoredCheckpoint(partition: 0, seq: 1, record: "{\"seq\":1}")]
            )
            try await store.commit(batch)
            try await store.commit(batch)
            let history = try await store.caseHistory(id: "c", limit: 10)
            #expect(history.map(\.seq) == [1, 2])
            #expect(history.map(\.hash) == [first, second])
            #expect(try await store.auditCheckpoints(partition: 0, newestOnly: false).map(\.seq) == [1])
        }
    }
}
