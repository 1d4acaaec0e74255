import Testing
@testable import LiaisonStore

@Suite("Contract: every store answers the operator's case questions")
struct CatalogContractTests {
    @Test(arguments: StoreKind.allCases) func countsGroupCasesByWorkflowVersionAndStatus(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in try await CatalogContract.countsGroupCasesByWorkflowVersionAndStatus(store) }
    }

    @Test(arguments: StoreKind.allCases) func filtersSelectTheCasesTheyName(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in try await CatalogContract.filtersSelectTheCasesTheyName(store) }
    }

    @Test(arguments: StoreKind.allCases) func pagesWalkTheWholeListOnce(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in try await CatalogContract.pagesWalkTheWholeListOnce(store) }
    }

    @Test(arguments: StoreKind.allCases) func historyIsNumberedBoundedAndDeletedWithItsCase(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in try await CatalogContract.historyIsNumberedBoundedAndDeletedWithItsCase(store) }
    }

    @Test(arguments: StoreKind.allCases) func chainedHistoryKeepsItsNumbersAndHashes(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in try await CatalogContract.chainedHistoryKeepsItsNumbersAndHashes(store) }
    }

    @Test(arguments: StoreKind.allCases) func auditCheckpointsAreKeptAndTheNewestOfEachPartitionFound(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in try await CatalogContract.auditCheckpointsAreKeptAndTheNewestOfEachPartitionFound(store) }
    }

    @Test(arguments: StoreKind.allCases) func historyWithoutItsStateIsRefused(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in try await CatalogContract.historyWithoutItsStateIsRefused(store) }
    }

    @Test(arguments: StoreKind.allCases) func backfillWritesOnlyUnchangedRows(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in try await CatalogContract.backfillWritesOnlyUnchangedRows(store) }
    }
}

@Suite("A store written before case summaries is migrated and its rows wait for the backfill")
struct SummaryMigrationTests {
    @Test("a schema-1 store gains the summary columns and the history table, its cases without a summary")
    func schemaOneStoreIsMigrated() async throws {
        let directory = try TemporaryDirectory()
        do {
            let connection = try SQLiteConnection(path: directory.path())
            try connection.execute("CREATE TABLE schema_version(version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);")
            try connection.execute(SQLiteStore.migrations[0])
            try connection.execute("INSERT INTO cases(case_id, partition, state, updated) VALUES ('old', 3, x'0102', 7)")
        }
        let store = try directory.store()
        #expect(try store.locked { connection throws(StoreError) in try connection.scalar("SELECT version FROM schema_version") } == SQLiteStore.currentSchemaVersion)
        let waiting = try await store.casesWithoutSummary(after: nil, limit: 10)
        #expect(waiting == [StoredCase(id: "old", partition: 3, state: [1, 2])])
        #expect(try await store.caseCounts() == [CaseCount(workflow: nil, version: nil, status: nil, count: 1)])
        #expect(try await store.caseStates(ids: ["old"]) == ["old": [1, 2]])
        #expect(try await store.caseHistory(id: "old", limit: 10).isEmpty)
    }
}

@Suite("A store written before the audit chain keeps its history, numbered before the chain")
struct ChainMigrationTests {
    @Test("a schema-2 store's history is renumbered to end at 0, and a chain then starts at 1 beside it")
    func schemaTwoHistoryIsRenumbered() async throws {
        let directory = try TemporaryDirectory()
        do {
            let connection = try SQLiteConnection(path: directory.path())
            try connection.execute("CREATE TABLE schema_version(version INTEGER NOT NULL); INSERT INTO schema_version VALUES (2);")
            try connection.execute(SQLiteStore.migrations[0])
            try connection.execute(SQLiteStore.migrations[1])
            try connection.execute("INSERT INTO cases(case_id, partition, state, updated) VALUES ('old', 0, x'01', 7)")
            for seq in 1...3 {
                try connection.execute("INSERT INTO case_history(case_id, seq, at, kind, entry) VALUES ('old', \(seq), \(seq), 'input', '{\"n\":\(seq)}')")
            }
        }
        let store = try directory.store()
        let before = try await store.caseHistory(id: "old", limit: 10)
        #expect(before.map(\.seq) == [-2, -1, 0])
        #expect(before.map(\.entry) == ["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"])
        #expect(before.allSatisfy { $0.hash == nil })
        let leases = try await store.acquire(partitions: [0], owner: "test")
        let link = CaseHistoryLink(seq: 1, prevHash: String(repeating: "0", count: 64), hash: String(repeating: "a", count: 64))
        try await store.commit(StoreBatch(leases: leases, caseStates: ["old": .init(partition: 0, state: [2])],
                                          history: [CaseHistoryEntry(caseID: "old", at: 9, kind: .output, entry: "{}", link: link)]))
        #expect(try await store.caseHistory(id: "old", limit: 10).map(\.seq) == [-2, -1, 0, 1])
    }
}
