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
            try store.commit(StoreBatch(outbox: [Fixtures.message("t", "k")]))
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
}
