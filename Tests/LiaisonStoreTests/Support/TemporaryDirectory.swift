import Foundation
import Logging
@testable import LiaisonStore

/// A fresh directory under the system's temporary folder, removed when the test ends.
struct TemporaryDirectory: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("liaison-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A database path inside the directory (its parent may not exist yet).
    func path(_ name: String = "store.sqlite") -> String {
        url.appendingPathComponent(name).path
    }

    /// Opens a store at `name`, logging nothing.
    func store(
        _ name: String = "store.sqlite",
        synchronous: SQLiteStore.Configuration.Synchronous = .full,
        busyTimeout: Duration = .seconds(5),
        cacheKiB: Int = 64 * 1024
    ) throws -> SQLiteStore {
        try SQLiteStore(
            path: path(name),
            configuration: .init(synchronous: synchronous, busyTimeout: busyTimeout, cacheKiB: cacheKiB),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    /// Copies the database file and its write-ahead log — what a killed process leaves on
    /// disk — to `name`, without touching the live connection.
    func snapshot(of source: String = "store.sqlite", to name: String) throws {
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path(source) + suffix) {
            try FileManager.default.copyItem(atPath: path(source) + suffix, toPath: path(name) + suffix)
        }
    }
}
