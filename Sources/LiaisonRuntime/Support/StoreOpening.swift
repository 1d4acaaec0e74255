import Foundation
import LiaisonStore
import LiaisonStorePostgreSQL
import Logging

extension LiaisonConfiguration.Store {
    /// Where the store is, for logs and errors; never shows a password.
    public var displayName: String {
        url.map(PostgresStoreConfiguration.redacted) ?? path
    }

    /// The PostgreSQL connection settings, with the password from `LIAISON_STORE_PASSWORD`,
    /// else from `store.password_file`, else from the address; `nil` when the store is SQLite.
    public func postgresConfiguration() throws -> PostgresStoreConfiguration? {
        guard let url else { return nil }
        var settings = try PostgresStoreConfiguration(url: url)
        if let password {
            settings.password = password
        } else if let passwordFile {
            do {
                let text = try String(contentsOfFile: passwordFile, encoding: .utf8)
                settings.password = String(text.reversed().drop { $0 == "\n" || $0 == "\r" }.reversed())
            } catch {
                throw RuntimeError(code: .badConfiguration, reason: "store.password_file \(passwordFile) cannot be read: \(error.localizedDescription)")
            }
        }
        settings.maximumConnections = maxConnections
        return settings
    }
}

/// Opens the configured store for the length of a body: the SQLite file at `store.path`, or
/// the PostgreSQL database at `store.url` (waiting, with a log line every few seconds, while
/// the server cannot be reached: a daemon started before its database is not an error).
public enum StoreOpening {
    public static func with<T: Sendable>(
        _ store: LiaisonConfiguration.Store,
        logger: Logger,
        _ body: (any StateStore) async throws -> T
    ) async throws -> T {
        if let settings = try store.postgresConfiguration() {
            logger.info("opening the PostgreSQL store", metadata: ["store": "\(settings.displayAddress)"])
            return try await PostgresStore.withStore(configuration: settings, logger: logger, waitForServer: true) { opened in
                try await body(opened)
            }
        }
        let path = store.path
        let opened = try await StartupWait(what: "the store to open", logger: logger, metadata: ["path": "\(path)"]).run {
            try SQLiteStore(path: path, logger: logger)
        }
        return try await body(opened)
    }
}
