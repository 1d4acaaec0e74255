import LiaisonStore
import Testing

/// The stored offsets are positions in one topic; the store remembers which, so that a daemon
/// about to read another topic can refuse to start instead of skipping or repeating records.
@Suite("Contract: the stored offsets belong to one topic, recorded once")
struct OffsetsTopicContractTests {
    static let legacy = "liaison.inbound"

    @Test("a fresh store binds its offsets to the topic asked for", arguments: StoreKind.allCases)
    func freshStoreTakesTheRequestedTopic(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            #expect(try await store.bindOffsets(to: "department.tax", legacy: Self.legacy) == "department.tax")
        }
    }

    @Test("a later bind to another topic answers the topic recorded first", arguments: StoreKind.allCases)
    func laterBindAnswersTheFirstTopic(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            #expect(try await store.bindOffsets(to: "department.tax", legacy: Self.legacy) == "department.tax")
            #expect(try await store.bindOffsets(to: Self.legacy, legacy: Self.legacy) == "department.tax")
            // Offsets committed since do not make the store legacy: the topic is recorded.
            let leases = try await store.acquire(partitions: [0], owner: "a")
            try await store.commit(StoreBatch(leases: leases, offsets: [0: 17]))
            #expect(try await store.bindOffsets(to: "department.police", legacy: "department.police") == "department.tax")
        }
    }

    @Test("a store holding offsets but no topic belongs to the legacy topic, from then on", arguments: StoreKind.allCases)
    func offsetsWithoutATopicAreLegacy(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            let leases = try await store.acquire(partitions: [0, 1], owner: "a")
            try await store.commit(StoreBatch(leases: leases, offsets: [1: 17]))
            #expect(try await store.bindOffsets(to: "department.tax", legacy: Self.legacy) == Self.legacy)
            #expect(try await store.bindOffsets(to: "department.tax", legacy: "department.tax") == Self.legacy)
        }
    }

    @Test("leases without offsets do not make a store legacy", arguments: StoreKind.allCases)
    func leasesAloneAreNotLegacy(kind: StoreKind) async throws {
        try await kind.withFreshStore { (store: any ContractStore) async throws in
            _ = try await store.acquire(partitions: [0, 1], owner: "a")
            #expect(try await store.bindOffsets(to: "department.tax", legacy: Self.legacy) == "department.tax")
        }
    }

    @Test("the recorded topic survives closing and reopening", arguments: StoreKind.allCases)
    func bindingSurvivesReopening(kind: StoreKind) async throws {
        let database = try ContractDatabase(kind)
        try await database.open { (store: any ContractStore) async throws in
            #expect(try await store.bindOffsets(to: "department.tax", legacy: Self.legacy) == "department.tax")
        }
        try await database.open { (reopened: any ContractStore) async throws in
            #expect(try await reopened.bindOffsets(to: Self.legacy, legacy: Self.legacy) == "department.tax")
        }
    }

    /// On PostgreSQL, two instances on one database; SQLite admits one instance per file, so
    /// there the binds share one store. Several rounds, each on a fresh database, so that the
    /// binds really meet.
    @Test("binds started together with different topics all answer the same topic", arguments: StoreKind.allCases)
    func concurrentBindsAgree(kind: StoreKind) async throws {
        for round in 0..<5 {
            let database = try ContractDatabase(kind)
            let answers = try await database.open { (first: any ContractStore) async throws -> [String] in
                switch kind {
                case .sqlite:
                    return try await Self.bindTogether([first, first])
                case .postgres:
                    return try await database.open { (second: any ContractStore) async throws -> [String] in
                        try await Self.bindTogether([first, second, first, second])
                    }
                }
            }
            #expect(Set(answers).count == 1, "round \(round): \(answers)")
            #expect(answers.allSatisfy { $0.hasPrefix("department.") }, "round \(round): \(answers)")
        }
    }

    /// Binds each of `stores` at once, each to a topic of its own, and returns the answers.
    private static func bindTogether(_ stores: [any ContractStore]) async throws -> [String] {
        try await withThrowingTaskGroup(of: String.self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask { try await store.bindOffsets(to: "department.\(index)", legacy: legacy) }
            }
            var answers: [String] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
    }
}
