/// What a simulation did to every task and stage, folded from the engine's outputs, so that a
/// report can say per unit, workflow and stage how fast and how late things went.
public struct SimulationLedger: Hashable, Sendable {
    /// One party task from assignment to its end.
    public struct TaskRecord: Hashable, Sendable {
        /// The case, workflow (id and version), stage and unit.
        public var caseID: String, workflow: String, version: Int, stage: String, unit: String
        /// When it was assigned, accepted and completed.
        public var assignedAt: Timestamp, acceptedAt: Timestamp?, completedAt: Timestamp?
        /// Its deadlines, as last moved by a pause.
        public var acceptBy: Timestamp?, completeBy: Timestamp?
        /// True once cancelled or reassigned away: no longer anybody's duty.
        public var closed = false
    }

    /// One stage visit of a case, from entering to leaving it.
    public struct StageRecord: Hashable, Sendable {
        /// The case, workflow and stage.
        public var caseID: String, workflow: String, version: Int, stage: String
        /// When the case entered and left the stage (nil while it is still there).
        public var enteredAt: Timestamp, leftAt: Timestamp?
    }

    /// One reminder, escalation or decline, against the unit that owed the act.
    public struct Chase: Hashable, Sendable {
        /// Reminder, escalation (with its level) or decline.
        public enum Kind: Hashable, Sendable { case reminder, escalation(level: Int), decline }
        /// What happened.
        public var kind: Kind
        /// The unit it counts against, and the workflow.
        public var unit: String, workflow: String
    }

    /// Every task, in assignment order.
    public private(set) var tasks: [TaskRecord] = []
    /// Every stage visit, in order.
    public private(set) var stages: [StageRecord] = []
    /// Every reminder, escalation and decline, in order.
    public private(set) var chases: [Chase] = []
    private var openTask: [String: Int] = [:]
    private var openStage: [String: Int] = [:]

    /// Folds one output of the engine in; `version` is the workflow version its case follows.
    mutating func note(_ message: OutboundMessage, version: Int) {
        let data = message.data
        let caseID = data["caseId"]?.stringValue ?? message.key
        let workflow = data["workflow"]?.stringValue ?? ""
        let key = "\(caseID)\u{0}\(data["stage"]?.stringValue ?? "")\u{0}\(data["unit"]?.stringValue ?? "")"
        func instant(_ name: String) -> Timestamp? { data[name]?.stringValue.flatMap(Timestamp.init(rfc3339:)) }
        switch message.type {
        case "liaison.task.assigned":
            openTask[key] = tasks.count
            tasks.append(TaskRecord(caseID: caseID, workflow: workflow, version: version, stage: data["stage"]?.stringValue ?? "",
                                    unit: data["unit"]?.stringValue ?? "", assignedAt: message.time, acceptedAt: nil, completedAt: nil,
                                    acceptBy: instant("acceptBy"), completeBy: instant("completeBy")))
        case "liaison.task.cancelled":
            if let index = openTask[key] { tasks[index].closed = true }
        case "liaison.task.state_changed":
            guard let index = openTask[key] else { return }
            switch data["state"]?.stringValue {
            case "accepted": tasks[index].acceptedAt = message.time
            case "completed":
                tasks[index].acceptedAt = tasks[index].acceptedAt ?? message.time
                tasks[index].completedAt = message.time
            case "reassigned": tasks[index].closed = true
            case "resumed":
                tasks[index].acceptBy = instant("acceptBy")
                tasks[index].completeBy = instant("completeBy")
            default: break
            }
        case "liaison.task.reminder":
            chases.append(Chase(kind: .reminder, unit: data["remind"]?.stringValue ?? "", workflow: workflow))
        case "liaison.task.escalated":
            chases.append(Chase(kind: .escalation(level: Int(data["level"]?.integerValue ?? 0)), unit: data["lateUnit"]?.stringValue ?? "", workflow: workflow))
        case "liaison.task.declined":
            chases.append(Chase(kind: .decline, unit: data["unit"]?.stringValue ?? "", workflow: workflow))
        case "liaison.case.stage_entered":
            leaveStage(of: caseID, at: message.time)
            openStage[caseID] = stages.count
            stages.append(StageRecord(caseID: caseID, workflow: workflow, version: version,
                                      stage: data["stage"]?.stringValue ?? "", enteredAt: message.time, leftAt: nil))
        case "liaison.case.closed":
            leaveStage(of: caseID, at: message.time)
        default:
            break
        }
    }

    private mutating func leaveStage(of caseID: String, at time: Timestamp) {
        guard let index = openStage.removeValue(forKey: caseID) else { return }
        stages[index].leftAt = time
    }
}
