import ArgumentParser
import Foundation
import LiaisonStore
import LiaisonStorePostgreSQL
import Logging

/// `liaison store`: tools for the store itself, run while the daemon is stopped.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Tools for the store (run with the daemon stopped).",
        subcommands: [StoreCopyCommand.self]
    )
}

/// `liaison store copy`: moves a site's SQLite store into an empty PostgreSQL database.
struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a SQLite store into an empty PostgreSQL database (to move a site to PostgreSQL).",
        discussion: """
            Every table moves: cases with their summaries, case history, timers, the outbox (in \
            its order, unsent messages included), input offsets and the topic they belong to, partition epochs (owners \
            cleared), metric contributions and the signed audit checkpoints. The copy is one \
            PostgreSQL transaction: it \
            refuses a database that already holds any row, and a copy that fails leaves the \
            database empty, so it can simply be run again. Afterwards every table is counted on \
            both sides; any difference fails the command.

            The procedure (the copy fails while Liaison runs: a SQLite store is held by
            one process at a time):
            1. Stop Liaison: systemctl stop liaison
            2. Back up the SQLite file: sqlite3 FILE ".backup BACKUP"
            3. liaison store copy --from /var/lib/liaison/liaison.sqlite \\
                 --to postgres://liaison@db:5432/liaison
            4. Set store.url (or LIAISON_STORE_URL) to the database, the password in
               LIAISON_STORE_PASSWORD or store.password_file.
            5. Start Liaison; check /readyz, and that the start-up log's open cases per
               workflow version (workflow version loaded ... open_cases=N) match the
               last start on SQLite.

            The target's password comes from --password-file, else LIAISON_STORE_PASSWORD, \
            else the address. Exit status 0: copied and counted; 1: refused or failed (the \
            message says why; nothing was committed unless it says so).
            """
    )

    @Option(help: "The SQLite store file to copy (store.path, e.g. /var/lib/liaison/liaison.sqlite).")
    var from: String

    @Option(help: "The PostgreSQL database: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require].")
    var to: String

    @Option(help: "A file holding the PostgreSQL password (a trailing newline is ignored).")
    var passwordFile: String?

    @Option(help: "Rows per round trip.")
    var chunkSize: Int = 5_000

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func validate() throws {
        guard chunkSize > 0 else { throw ValidationError("--chunk-size must be at least 1") }
    }

    func run() async throws {
        let logger = LiaisonLogging.bootstrap(level: logLevel)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: from, isDirectory: &isDirectory), !isDirectory.boolValue else {
            fail("there is no SQLite store at \(from): give the file store.path names (e.g. /var/lib/liaison/liaison.sqlite)")
        }
        let settings = try targetSettings()
        let source: SQLiteStore
        do {
            source = try SQLiteStore(path: from, logger: logger)
        } catch let error where error.code == .inUse {
            fail("stop the daemon first: \(error.reason)")
        } catch {
            fail("cannot open the SQLite store: \(error)")
        }
        say("copying \(from) to \(settings.displayAddress)")
        let started = ContinuousClock.now
        let counts: [StoreCopy.TableCount]
        do {
            counts = try await PostgresStore.withStore(configuration: settings, logger: logger) { target in
                // A line when a table is done, and every few seconds while a large one moves.
                var lastLine = ContinuousClock.now
                return try await StoreCopy(chunkSize: chunkSize).run(from: source, to: target) { table, copied, total in
                    guard copied >= total || ContinuousClock.now - lastLine >= .seconds(3) else { return }
                    say("\(table): \(copied)/\(total)")
                    lastLine = ContinuousClock.now
                }
            }
        } catch let error as StoreError where error.code == .unavailable {
            fail("cannot reach PostgreSQL at \(settings.displayAddress): \(error.reason)")
        } catch {
            fail("\(error)")
        }
        let elapsed = ContinuousClock.now - started
        say("")
        say("copied in \(String(format: "%.1f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)) s; rows on both sides:")
        let width = StoreTable.allCases.map(\.rawValue.count).max() ?? 0
        say("  " + "table".padding(toLength: width, withPad: " ", startingAt: 0) + "      sqlite  postgresql")
        for count in counts {
            let name = count.table.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            say("  \(name)  \(Self.rightAligned(count.source, 10))  \(Self.rightAligned(count.target, 10))")
        }
        say("""

            next:
              1. set store.url (or LIAISON_STORE_URL) to \(settings.displayAddress), the password in LIAISON_STORE_PASSWORD or store.password_file
              2. start Liaison; check /readyz, and that the start-up log's open_cases per workflow version match the last start on SQLite
              3. keep \(from) as the backup until the new store has run a while; do not start a daemon on it again
            """)
    }

    /// The target's settings, with the password from the file, the environment or the address.
    private func targetSettings() throws -> PostgresStoreConfiguration {
        var settings: PostgresStoreConfiguration
        do {
            settings = try PostgresStoreConfiguration(url: to)
        } catch {
            fail("--to: \(error.reason)")
        }
        if let passwordFile {
            do {
                let text = try String(contentsOfFile: passwordFile, encoding: .utf8)
                settings.password = String(text.reversed().drop { $0 == "\n" || $0 == "\r" }.reversed())
            } catch {
                fail("--password-file \(passwordFile) cannot be read: \(error.localizedDescription)")
            }
        } else if let password = ProcessInfo.processInfo.environment["LIAISON_STORE_PASSWORD"] {
            settings.password = password
        }
        settings.maximumConnections = 2
        return settings
    }

    private static func rightAligned(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// Writes a line to standard output at once (progress must show while the copy runs,
    /// also when the output is a pipe or a log).
    private func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Prints `liaison store copy: <message>` on stderr and exits 1.
    private func fail(_ message: String) -> Never {
        printError("liaison store copy: \(message)")
        Foundation.exit(1)
    }
}
