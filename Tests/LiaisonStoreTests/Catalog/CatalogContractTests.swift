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
        #expect(try store.locked { connection throws(StoreError) in try connection.scalar("SELECT version FROM schema_version") } == 2)
        let waiting = try await store.casesWithoutSummary(after: nil, limit: 10)
        #expect(waiting == [StoredCase(id: "old", partition: 3, state: [1, 2])])
        #expect(try await store.caseCounts() == [CaseCount(workflow: nil, version: nil, status: nil, count: 1)])
        #expect(try await store.caseStates(ids: ["old"]) == ["old": [1, 2]])
        #expect(try await store.caseHistory(id: "old", limit: 10).isEmpty)
    }
}
