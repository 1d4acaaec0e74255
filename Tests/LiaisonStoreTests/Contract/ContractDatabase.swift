import Foundation
import LiaisonStore
@testable import LiaisonStorePostgreSQL
import LiaisonTestSupport
import Logging
import PostgresNIO

/// The two implementations of ``StateStore``; every contract test runs against each.
enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    var description: String { rawValue }
}

/// What the contract tests need of a store beside the protocol: every row as text (to assert
/// that a refused call changed nothing) and raw SQL (to set up failures a batch cannot cause).
protocol ContractStore: StateStore {
    func contractDump() async throws -> [String]
    func contractExecute(_ sql: String) async throws
    /// Statements that make any insert of an outbox row with topic `poison` fail.
    var poisonOutboxStatements: [String] { get }
}

/// One empty database of one kind, which a test can open, close and open again.
final class ContractDatabase: Sendable {
    let kind: StoreKind
    private let location: String
    private static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-contract-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            location = folder.appendingPathComponent("store.sqlite").path
        case .postgres:
            let server = try ThrowawayPostgres.shared()
            location = server.url(database: try server.createDatabase(prefix: "contract"))
        }
    }

    deinit {
        if kind == .sqlite {
            try? FileManager.default.removeItem(atPath: (location as NSString).deletingLastPathComponent)
        }
    }

    /// Opens the store, runs `body`, and closes it again.
    func open<T: Sendable>(_ body: (any ContractStore) async throws -> T) async throws -> T {
        switch kind {
        case .sqlite:
            let store = try SQLiteStore(path: location, logger: Self.quiet)
            return try await body(store)
        case .postgres:
            return try await PostgresStore.withStore(configuration: try PostgresStoreConfiguration(url: location), logger: Self.quiet) {
                try await body($0)
            }
        }
    }
}

extension StoreKind {
    /// Runs `body` with a store of this kind on a fresh, empty database.
    func withFreshStore(_ body: (any ContractStore) async throws -> Void) async throws {
        let database = try ContractDatabase(self)
        try await database.open(body)
    }
}

extension SQLiteStore: ContractStore {
    func contractDump() async throws -> [String] { try dump() }
    func contractExecute(_ sql: String) async throws { try executeRaw(sql) }
    var poisonOutboxStatements: [String] {
        ["CREATE TRIGGER poison BEFORE INSERT ON outbox WHEN NEW.topic = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END"]
    }
}

extension PostgresStore: ContractStore {
    func contractDump() async throws -> [String] {
        let queries: [PostgresQuery] = [
            "SELECT 'case', case_id, partition::text, upper(encode(state, 'hex')) FROM cases ORDER BY case_id",
            "SELECT 'timer', id, partition::text, case_id || '@' || due FROM timers ORDER BY id",
            """
            SELECT 'outbox', seq::text, topic, coalesce(upper(encode(key, 'hex')), '') || '/' || upper(encode(headers, 'hex'))
                || '/' || coalesce(upper(encode(value, 'hex')), 'null') FROM outbox ORDER BY seq
            """,
            "SELECT 'offset', partition::text, next_offset::text, '' FROM offsets ORDER BY partition",
            "SELECT 'lease', partition::text, coalesce(owner, 'none'), epoch::text FROM leases ORDER BY partition",
            "SELECT 'metric', partition::text, key, upper(encode(value, 'hex')) FROM metric_rows ORDER BY partition, key",
            "SELECT 'setting', name, value, '' FROM store_settings ORDER BY name",
        ]
        var rows: [String] = []
        for query in queries {
            for try await (a, b, c, d) in try await client.query(query).decode((String, String, String, String).self) {
                rows.append([a, b, c, d].joined(separator: "|"))
            }
        }
        return rows
    }

    func contractExecute(_ sql: String) async throws {
        try await client.query(PostgresQuery(unsafeSQL: sql))
    }

    var poisonOutboxStatements: [String] {
        [
            """
            CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.topic = 'poison' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$
            """,
            "CREATE TRIGGER poison BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION poison()",
        ]
    }
}
