import LiaisonCore

/// Decoded case states the processor has committed, so that a batch reads from the store only
/// the cases it has not seen lately.
///
/// Only the owner of a partition writes its cases (every commit is fenced by the partition's
/// epoch), so a state this instance committed stays the truth until the partition moves: the
/// cache is emptied whenever partitions are revoked or a commit fails, and the store remains
/// the only record that survives a crash. It holds at most `limit` cases and starts over when
/// full, which costs one store read per case the next time it is touched.
struct StateCache {
    private var states: [String: CaseState] = [:]
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The cached states of `ids`, and the ids that must be read from the store.
    func lookup(_ ids: [String]) -> (found: [String: CaseState], missing: [String]) {
        var found: [String: CaseState] = [:]
        var missing: [String] = []
        found.reserveCapacity(ids.count)
        for id in ids {
            if let state = states[id] { found[id] = state } else { missing.append(id) }
        }
        return (found, missing)
    }

    /// Takes in what a committed batch wrote.
    mutating func committed(states written: [String: CaseState], deleted: some Sequence<String>) {
        guard limit > 0 else { return }
        if states.count + written.count > limit { states.removeAll(keepingCapacity: true) }
        states.merge(written) { _, new in new }
        for id in deleted { states[id] = nil }
    }

    /// Forgets everything: partitions moved, or a commit's outcome is unknown.
    mutating func clear() { states.removeAll() }

    /// Cases held.
    var count: Int { states.count }
}
