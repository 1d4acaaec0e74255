import Testing
@testable import LiaisonStore

@Suite("The SQLite store answers the operator's case questions (catalog contract)")
struct SQLiteCatalogTests {
    private func run(_ check: (any StateStore) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        try await check(try directory.store())
    }

    @Test func countsGroupCasesByWorkflowVersionAndStatus() async throws {
        try await run(CatalogContract.countsGroupCasesByWorkflowVersionAndStatus)
    }

    @Test func filtersSelectTheCasesTheyName() async throws {
        try await run(CatalogContract.filtersSelectTheCasesTheyName)
    }

    @Test func pagesWalkTheWholeListOnce() async throws {
        try await run(CatalogContract.pagesWalkTheWholeListOnce)
    }

    @Test func historyIsNumberedBoundedAndDeletedWithItsCase() async throws {
        try await run(CatalogContract.historyIsNumberedBoundedAndDeletedWithItsCase)
    }

    @Test func historyWithoutItsStateIsRefused() async throws {
        try await run(CatalogContract.historyWithoutItsStateIsRefused)
    }

    @Test func backfillWritesOnlyUnchangedRows() async throws {
        try await run(CatalogContract.backfillWritesOnlyUnchangedRows)
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
