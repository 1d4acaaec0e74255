import Foundation
import Logging
import Testing
@testable import LiaisonStore

@Suite("Opening a store creates what is missing and refuses what it cannot read")
struct SchemaTests {
    @Test("the directory, file and schema are created, in WAL mode")
    func createsEverything() throws {
        let directory = try TemporaryDirectory()
        let store = try directory.store("nested/deeper/store.sqlite")
        #expect(FileManager.default.fileExists(atPath: directory.path("nested/deeper/store.sqlite")))
        let version = try store.locked { connection throws(StoreError) in
            try connection.scalar("SELECT version FROM schema_version")
        }
        #expect(version == SQLiteStore.currentSchemaVersion)
        let mode = try store.locked { connection throws(StoreError) in
            try connection.withStatement("PRAGMA journal_mode") { statement throws(StoreError) in
                try statement.step() ? statement.text(0) : ""
            }
        }
        #expect(mode == "wal")
    }

    @Test("synchronous is FULL by default and NORMAL only when asked")
    func synchronousFollowsConfiguration() throws {
        let directory = try TemporaryDirectory()
        let full = try directory.store("full.sqlite")
        let normal = try directory.store("normal.sqlite", synchronous: .normal)
        // PRAGMA synchronous reports 2 for FULL and 1 for NORMAL.
        #expect(try full.locked { connection throws(StoreError) in try connection.scalar("PRAGMA synchronous") } == 2)
        #expect(try normal.locked { connection throws(StoreError) in try connection.scalar("PRAGMA synchronous") } == 1)
    }

    @Test("reopening keeps the data and the single version row")
    func reopeningDoesNotMigrateAgain() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try directory.store()
            let lease = try #require(try store.acquire(partitions: [0], owner: "a").first)
            try store.commit(StoreBatch(leases: [lease], outbox: [Fixtures.message("t", "k")]))
        }
        let reopened = try directory.store()
        let rows = try reopened.locked { connection throws(StoreError) in
            try connection.scalar("SELECT count(*) FROM schema_version")
        }
        #expect(rows == 1)
        #expect(try reopened.statistics().outboxDepth == 1)
    }

    @Test("a database written by a newer schema is refused")
    func newerSchemaIsRefused() throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try directory.store()
            try store.executeRaw("UPDATE schema_version SET version = \(SQLiteStore.currentSchemaVersion + 1)")
        }
        let error = #expect(throws: StoreError.self) { try directory.store() }
        #expect(error?.code == .schemaTooNew)
    }

    @Test("a file that is not a database is refused with SQLite's code")
    func garbageFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        try Data(repeating: 0x41, count: 8_192).write(to: URL(fileURLWithPath: directory.path()))
        let error = #expect(throws: StoreError.self) { try directory.store() }
        #expect(error?.code == .corruptData)
        #expect(error?.sqliteCode != nil)
    }

    @Test("a store path under a regular file fails with an io error")
    func uncreatableDirectoryIsAnIOError() throws {
        let directory = try TemporaryDirectory()
        try Data([1]).write(to: URL(fileURLWithPath: directory.path("file")))
        let error = #expect(throws: StoreError.self) { try directory.store("file/store.sqlite") }
        #expect(error?.code == .io)
    }

    @Test("a version-1 store is migrated: outbox rows written before it belong to partition 0")
    func versionOneOutboxIsMigrated() throws {
        let directory = try TemporaryDirectory()
        do {
            let connection = try SQLiteConnection(path: directory.path())
            try connection.execute(SQLiteStore.migrations[0])
            try connection.execute("CREATE TABLE schema_version(version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1)")
            try connection.execute("INSERT INTO outbox(topic, key, headers, value) VALUES ('liaison.cases', x'6B', x'00', x'7B7D')")
        }
        let store = try directory.store()
        let entries = try store.pendingOutbox(partitions: [0], limit: 10)
        #expect(entries.map(\.message) == [OutboxMessage(partition: 0, topic: "liaison.cases", key: [0x6B], value: Array("{}".utf8))])
        #expect(try store.pendingOutbox(partitions: [1], limit: 10).isEmpty)
        #expect(try store.locked { connection throws(StoreError) in
            try connection.scalar("SELECT version FROM schema_version")
        } == SQLiteStore.currentSchemaVersion)
    }

    @Test("a version-3 store holding offsets is migrated: its offsets belong to the legacy inbound topic")
    func versionThreeOffsetsAreLegacy() throws {
        let directory = try TemporaryDirectory()
        do {
            let connection = try SQLiteConnection(path: directory.path())
            for step in SQLiteStore.migrations.prefix(3) { try connection.execute(step) }
            try connection.execute("CREATE TABLE schema_version(version INTEGER NOT NULL); INSERT INTO schema_version VALUES (3)")
            try connection.execute("INSERT INTO offsets(partition, next_offset) VALUES (0, 17), (1, 4)")
        }
        let store = try directory.store()
        #expect(try store.bindOffsets(to: "x", legacy: "liaison.inbound") == "liaison.inbound")
        #expect(try store.acquire(partitions: [0, 1], owner: "a").map(\.nextOffset) == [17, 4])
        #expect(try store.locked { connection throws(StoreError) in
            try connection.scalar("SELECT version FROM schema_version")
        } == SQLiteStore.currentSchemaVersion)
    }
}
