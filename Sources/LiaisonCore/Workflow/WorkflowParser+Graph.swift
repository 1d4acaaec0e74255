import Yams

extension WorkflowParser {
    /// Checks the stage graph: unique ids, `next` targets that exist, every stage reachable
    /// from the first, and from every stage a way to `end` (no loop without an exit).
    mutating func checkGraph(stages: [Stage], nodes: [Node]) {
        var index: [String: Int] = [:]
        for (n, stage) in stages.enumerated() {
            if index[stage.id] != nil {
                reader.error(nodes[n]["id"], .duplicateStageID(stage.id))
            } else {
                index[stage.id] = n
            }
        }
        var brokenLink = false
        for (n, stage) in stages.enumerated() {
            for (key, next) in [("approved", stage.onApproved), ("rejected", stage.onRejected)] {
                if case .stage(let target) = next, index[target] == nil {
                    reader.error(nodes[n]["next"]?[key] ?? nodes[n], .nextNamesNoStage(key: key, stage: stage.id, target: target))
                    brokenLink = true
                }
            }
        }
        guard !stages.isEmpty, !brokenLink else { return }
        func successors(_ n: Int) -> [Int] {
            [stages[n].onApproved, stages[n].onRejected].compactMap {
                if case .stage(let target) = $0 { return index[target] }
                return nil
            }
        }
        var reachable = Set([0])
        var queue = [0]
        while let n = queue.popLast() {
            for m in successors(n) where reachable.insert(m).inserted { queue.append(m) }
        }
        for n in stages.indices where !reachable.contains(n) {
            reader.error(nodes[n], .unreachableStage(stages[n].id, first: stages[0].id))
        }
        var ends = Set(stages.indices.filter { stages[$0].onApproved == .end || stages[$0].onRejected == .end })
        var changed = true
        while changed {
            changed = false
            for n in stages.indices where !ends.contains(n) && successors(n).contains(where: ends.contains) {
                ends.insert(n)
                changed = true
            }
        }
        for n in stages.indices where reachable.contains(n) && !ends.contains(n) {
            reader.error(nodes[n], .loopWithoutEnd(stages[n].id))
        }
    }
}
