import LiaisonStore
import Logging
import NIOCore
import PostgresNIO

/// The ``StateStore`` over PostgreSQL: several Liaison instances share one database, each
/// committing only the partitions it holds a lease on, fenced by epochs.
///
/// Every call is one round trip for reads and one transaction for writes, whatever the batch's
/// size: rows travel as arrays and are spread with `unnest`, never a statement per row.
///
/// The connection pool needs a running task, so the store is used inside
/// ``withStore(configuration:logger:_:)``, which runs the pool, migrates the schema, hands the
/// store to the body and closes the pool when the body returns.
public final class PostgresStore: StateStore {
    let client: PostgresClient
    let logger: Logger
    let callTimeout: Duration
    /// The address without its password, for messages.
    public let displayAddress: String

    private init(client: PostgresClient, displayAddress: String, callTimeout: Duration, logger: Logger) {
        self.client = client
        self.callTimeout = callTimeout
        self.displayAddress = displayAddress
        self.logger = logger
    }

    /// Runs the connection pool, brings the schema up to date and runs `body` with the store;
    /// the pool closes when `body` returns or throws. With `waitForServer`, a server that
    /// cannot be reached yet is waited for (a warning every attempt) instead of failing.
    public static func withStore<T: Sendable>(
        configuration: PostgresStoreConfiguration,
        logger: Logger,
        waitForServer: Bool = false,
        _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        let store = PostgresStore(client: client, displayAddress: configuration.displayAddress,
                                  callTimeout: configuration.callTimeout, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            var delay = Duration.milliseconds(500)
            while true {
                do {
                    try await store.migrate()
                    break
                } catch let error as StoreError where waitForServer && error.code == .unavailable {
                    logger.warning("PostgreSQL cannot be reached yet; retrying", metadata: [
                        "store": "\(configuration.displayAddress)", "error": "\(error.reason)", "retry_in": "\(delay)",
                    ])
                    try await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(10))
                }
            }
            return try await body(store)
        }
    }

    /// Runs `body` in one transaction; any error rolls it back and comes out as a ``StoreError``.
    func transaction<T: Sendable>(
        _ what: String,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        do {
            return try await withDeadline(what) { [client, logger] in
                try await client.withConnection { connection in
                try await connection.query("BEGIN", logger: logger)
                do {
                    let result = try await body(connection)
                    try await connection.query("COMMIT", logger: logger)
                    return result
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error, doing: what)
        }
    }

    /// Runs one statement outside an explicit transaction and collects its rows.
    func rows(_ what: String, _ query: PostgresQuery) async throws(StoreError) -> [PostgresRow] {
        do {
            return try await withDeadline(what) { [client, logger] in try await client.query(query, logger: logger).collect() }
        } catch {
            throw Self.storeError(error, doing: what)
        }
    }

    /// Translates a driver error: unreachable or broken connections are `unavailable`
    /// (retriable), the server's own refusals are `database`, with its SQLSTATE and message.
    static func storeError(_ error: any Error, doing what: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                let state = error.serverInfo?[.sqlState] ?? "?"
                let message = error.serverInfo?[.message] ?? "no message"
                var reason = "\(what): PostgreSQL refused (SQLSTATE \(state)): \(message)"
                if let detail = error.serverInfo?[.detail] { reason += " — \(detail)" }
                // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now,
                // 53300 too many connections, 08xxx connection exceptions, 25P03 a transaction
                // ended by the server for sitting idle (its client was stopped; it changed nothing).
                let unavailable = state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300", "25P03"].contains(state)
                return StoreError(code: unavailable ? .unavailable : .database, reason: reason)
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return StoreError(code: .unavailable, reason: "\(what): the PostgreSQL server cannot be reached (\(error.code))\(error.underlying.map { ": \($0)" } ?? "")")
            default:
                return StoreError(code: .database, reason: "\(what): \(String(reflecting: error))")
            }
        }
        if let error = error as? PostgresDecodingError {
            return StoreError(code: .corruptData, reason: "\(what): a stored value cannot be read: \(String(reflecting: error))")
        }
        return StoreError(code: .unavailable, reason: "\(what): \(error)")
    }
}

extension PostgresStoreConfiguration {
    var clientConfiguration: PostgresClient.Configuration {
        let tlsSetting: PostgresClient.Configuration.TLS = switch tls {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tlsSetting
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [
            ("idle_in_transaction_session_timeout", "\(idleTransactionTimeout.components.seconds * 1000)"),
        ]
        return configuration
    }
}

extension [UInt8] {
    var buffer: ByteBuffer { ByteBuffer(bytes: self) }
}

extension ByteBuffer {
    var bytes: [UInt8] { Array(readableBytesView) }
}
