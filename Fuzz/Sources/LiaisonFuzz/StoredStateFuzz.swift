import LiaisonCore
@testable import LiaisonStore

/// The decoders of what the store hands back: corrupt rows must be refused, never trap, and
/// whatever decodes must encode to something that decodes equal.
enum StoredStateFuzz {
    /// A case state row.
    static func runCaseState(_ bytes: [UInt8]) {
        guard let state = try? CaseState(decoding: bytes) else { return }
        let written = state.encoded()
        do {
            let reread = try CaseState(decoding: written)
            fuzzCheck(reread == state, "a decoded case state re-encodes to another state")
        } catch {
            fatalError("a decoded case state re-encodes to bytes that are refused: \(error)")
        }
    }

    /// A metric contribution row; its percentiles are what a snapshot publishes from it.
    static func runMetricContribution(_ bytes: [UInt8]) {
        guard let contribution = try? MetricContribution(decoding: bytes) else { return }
        for histogram in [contribution.acceptTimes, contribution.completionTimes] {
            for q in [0.5, 0.9, 0.99, 1.0] { _ = histogram.percentile(q) }
        }
        do {
            let reread = try MetricContribution(decoding: contribution.encoded())
            fuzzCheck(reread == contribution, "a decoded metric contribution re-encodes to another one")
        } catch {
            fatalError("a decoded metric contribution re-encodes to bytes that are refused: \(error)")
        }
    }

    /// An outbox row's header blob.
    static func runOutboxHeaders(_ bytes: [UInt8]) {
        guard let headers = try? OutboxHeaderCodec.decode(bytes) else { return }
        do {
            let reread = try OutboxHeaderCodec.decode(OutboxHeaderCodec.encode(headers))
            fuzzCheck(reread == headers, "decoded outbox headers re-encode to other headers")
        } catch {
            fatalError("decoded outbox headers re-encode to bytes that are refused: \(error)")
        }
    }
}
