import LiaisonStore
@testable import LiaisonStorePostgreSQL
import LiaisonTestSupport
import Logging
import PostgresNIO
import Testing

/// An instance stopped in the middle of a commit (SIGSTOP, a frozen VM, a network cut that
/// leaves its TCP connection open) holds its transaction's row locks, the lease rows among
/// them, for as long as it is stopped: the server must cut such a transaction off, or the
/// partition's next owner waits on the lease for ever (and gives up, and stops, once its own
/// call times out). The stopped instance, once it runs again, must get an error it can retry.
@Suite("PostgreSQL: a commit stalled by its client does not hold off the next owner")
struct PostgresStalledCommitTests {
    private static let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test("the next owner acquires a partition whose previous owner stalled inside a commit, and the stalled commit fails retriably")
    func stalledCommitIsCutOff() async throws {
        let server = try ThrowawayPostgres.shared()
        let url = server.url(database: try server.createDatabase())
        let configuration = try PostgresStoreConfiguration(url: url)
        // One connection: the stalled one must come back to the pool once it is given up.
        var stalledConfiguration = configuration
        stalledConfiguration.maximumConnections = 1
        stalledConfiguration.callTimeout = .seconds(14)
        try await PostgresStore.withStore(configuration: stalledConfiguration, logger: Self.quiet) { stalled in
            try await PostgresStore.withStore(configuration: configuration, logger: Self.quiet) { successor in
                let lease = try #require(try await stalled.acquire(partitions: [3], owner: "stalled").first)
                // What a commit does first (the lease read FOR SHARE); then its client stops
                // for longer than the server lets a transaction sit idle, and goes on.
                let commit = Task {
                    try await stalled.transaction("committing a batch") { connection in
                        try await connection.query("SELECT epoch FROM leases WHERE partition = 3 FOR SHARE", logger: Self.quiet)
                        try await Task.sleep(for: configuration.idleTransactionTimeout + .seconds(6))
                        try await connection.query("UPDATE offsets SET next_offset = 1 WHERE partition = 3", logger: Self.quiet)
                    }
                }
                try await Task.sleep(for: .seconds(1))
                let started = ContinuousClock.now
                let taken = try #require(try await successor.acquire(partitions: [3], owner: "successor").first)
                let waited = ContinuousClock.now - started
                #expect(taken.epoch == lease.epoch + 1)
                #expect(waited < configuration.idleTransactionTimeout + .seconds(2),
                        "the successor waited \(waited) for the stalled transaction's locks")

                let outcome = await commit.result
                guard case .failure(let failure) = outcome, let error = failure as? StoreError else {
                    Issue.record("the stalled commit must fail, not \(outcome)")
                    return
                }
                #expect(error.isRetriable, "\(error)")
                // The store answers again on a fresh connection.
                #expect(try await stalled.acquire(partitions: [4], owner: "stalled").count == 1)
            }
        }
    }
}
