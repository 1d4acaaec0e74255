import LiaisonStore
@testable import LiaisonStorePostgreSQL
import LiaisonTestSupport
import Logging
import Testing

@Suite("PostgreSQL: the schema and the address")
struct PostgresStoreTests {
    private static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("a database written by a newer schema is refused, naming both versions")
    func newerSchemaIsRefused() async throws {
        let server = try ThrowawayPostgres.shared()
        let configuration = try PostgresStoreConfiguration(url: server.url(database: try server.createDatabase()))
        try await PostgresStore.withStore(configuration: configuration, logger: Self.quiet) { store in
            try await store.contractExecute("UPDATE liaison_schema SET version = \(PostgresStore.currentSchemaVersion + 1)")
        }
        let error = await #expect(throws: StoreError.self) {
            try await PostgresStore.withStore(configuration: configuration, logger: Self.quiet) { _ in }
        }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.reason.contains("schema version \(PostgresStore.currentSchemaVersion + 1)") == true)
    }

    @Test("instances starting together migrate once")
    func concurrentMigrationsAgree() async throws {
        let server = try ThrowawayPostgres.shared()
        let configuration = try PostgresStoreConfiguration(url: server.url(database: try server.createDatabase()))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await PostgresStore.withStore(configuration: configuration, logger: Self.quiet) { store in
                        _ = try await store.acquire(partitions: [0], owner: "x")
                    }
                }
            }
            try await group.waitForAll()
        }
        try await PostgresStore.withStore(configuration: configuration, logger: Self.quiet) { store in
            let rows = try await store.contractDump()
            #expect(rows == ["lease|0|x|4"])
        }
    }

    @Test("an unreachable server is reported as unavailable, which is retriable")
    func unreachableServerIsUnavailable() async throws {
        // Port 1 on loopback: nothing listens there.
        var configuration = try PostgresStoreConfiguration(url: "postgres://nobody@127.0.0.1:1/none?sslmode=disable")
        configuration.callTimeout = .seconds(2)
        let error = await #expect(throws: StoreError.self) {
            try await PostgresStore.withStore(configuration: configuration, logger: Self.quiet) { _ in }
        }
        #expect(error?.code == .unavailable)
        #expect(error?.isRetriable == true)
    }

    @Test("addresses are read with their parts, and bad ones are refused saying why")
    func addresses() throws {
        let full = try PostgresStoreConfiguration(url: "postgres://liaison:s%40cret@db.example:6432/liaison_prod?sslmode=require")
        #expect(full == PostgresStoreConfiguration(host: "db.example", port: 6432, user: "liaison", password: "s@cret",
                                                    database: "liaison_prod", tls: .require))
        let plain = try PostgresStoreConfiguration(url: "postgresql://app@[::1]/cases")
        #expect(plain.host == "::1" && plain.port == 5432 && plain.password == nil && plain.tls == .prefer)
        for (bad, why) in [
            ("mysql://a@b/c", "scheme"), ("postgres://host/db", "user"), ("postgres://a@host", "database"),
            ("postgres://a@host:99999/db", "port"), ("postgres://a@host/db?sslmode=maybe", "sslmode"),
            ("postgres://a@host/db?timeout=3", "unknown parameter"),
        ] {
            let error = #expect(throws: StoreError.self) { try PostgresStoreConfiguration(url: bad) }
            #expect(error?.code == .badAddress)
            #expect(error?.reason.contains(why) == true, "\(bad): \(error?.reason ?? "")")
        }
        #expect(PostgresStoreConfiguration.redacted("postgres://u:pw@h/d") == "postgres://u:***@h/d")
        #expect(PostgresStoreConfiguration.containsPassword("postgres://u:pw@h/d"))
        #expect(!PostgresStoreConfiguration.containsPassword("postgres://u@h/d"))
    }
}
