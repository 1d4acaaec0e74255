@testable import LiaisonCore
import Testing

@Suite("A fired timer's id is read back against the case's tasks exactly as the ids are written")
struct TimerIDMatchTests {
    /// A case in review with reminders, escalations and deadlines pending for three units.
    func openCase() throws -> CaseState {
        var driver = try CaseDriver(caseID: "QY-2026/测试")
        driver.open(collaborators: ["tax", "social-security", "fire"])
        driver.send(.taskAccepted, from: "tax", at: 5)
        return try #require(driver.state)
    }

    /// Every timer id of the state, and near misses of each: cut short, extended, one byte changed.
    func candidates(_ state: CaseState) -> [String] {
        let ids: [String] = state.tasks.flatMap { task in task.timers.map { state.timerID(task, $0) } }
        var all = ids
        for id in ids {
            let cut = String(id.dropLast())
            all += [cut, id + "0", id + "/1", cut + "x", "x" + String(id.dropFirst())]
        }
        let prefix = state.taskPrefix(state.tasks[0])
        return all + [prefix, prefix + "/", ""]
    }

    func expectMatchesAgreeWithWrittenIDs(_ state: CaseState, sourceLocation: SourceLocation = #_sourceLocation) {
        let ids = candidates(state)
        for task in state.tasks {
            for id in ids {
                #expect(state.isTimerID(id, ofTask: task) == id.hasPrefix(state.taskPrefix(task) + "/"), "\(id)", sourceLocation: sourceLocation)
                for timer in task.timers {
                    #expect(state.isTimerID(id, of: task, timer) == (id == state.timerID(task, timer)), "\(id)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test("on a first visit of the stage with first-time tasks")
    func firstVisit() throws {
        let state = try openCase()
        #expect(state.tasks.contains { !$0.timers.isEmpty })
        expectMatchesAgreeWithWrittenIDs(state)
    }

    @Test("on a stage entered again (`@visit`) with tasks given again (`#serial`)")
    func revisitedStageAndRepeatedTasks() throws {
        var state = try openCase()
        state.stageVisits = Array(repeating: 3, count: max(1, state.stageIndex + 1))
        for index in state.tasks.indices { state.tasks[index].serial = index + 1 }
        #expect(state.stageLabel.hasSuffix("@3"))
        expectMatchesAgreeWithWrittenIDs(state)
    }
}
