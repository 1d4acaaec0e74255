import LiaisonCore
import LiaisonKafka
import LiaisonRuntime

/// How a benchmark's store ended, read after the daemon stopped: how many of the run's cases
/// closed as approved, and what is left in the outbox.
struct StoreEnding {
    var closed: Int
    var outboxDepth: Int

    static func read(_ configuration: LiaisonConfiguration.Store, caseIDs: [String]) async throws -> StoreEnding {
        try await StoreOpening.with(configuration, logger: KafkaLogging.silent) { store in
            var closed = 0
            for chunk in stride(from: 0, to: caseIDs.count, by: 5_000) {
                for (_, bytes) in try await store.caseStates(ids: Array(caseIDs[chunk..<min(caseIDs.count, chunk + 5_000)])) {
                    if try CaseState(decoding: bytes).status == .closed(.approved) { closed += 1 }
                }
            }
            return StoreEnding(closed: closed, outboxDepth: try await store.statistics().outboxDepth)
        }
    }
}
