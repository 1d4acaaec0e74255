/// One step of a workflow in which parties act.
public struct Stage: Hashable, Sendable {
    /// Parallel: everyone at once; sequential: one after another in listed order.
    public enum Mode: String, Hashable, Sendable {
        /// Every party is assigned on entering the stage.
        case parallel
        /// The next party is assigned when the previous one completes.
        case sequential
    }

    /// Who the parties are.
    public enum Parties: Hashable, Sendable {
        /// These units.
        case units([String])
        /// The case's lead unit.
        case lead
        /// The `gov.case.opened` data field (a list of unit ids), else the default list.
        case fromData(field: String, default: [String])
    }

    /// When the stage is complete.
    public enum Quorum: Hashable, Sendable, CustomStringConvertible {
        /// Every party approves.
        case all
        /// One party approves.
        case any
        /// `count` parties approve ("K of N"; `of` is N as written).
        case atLeast(count: Int, of: Int)

        /// Approvals needed among `parties` parties.
        public func required(parties: Int) -> Int {
            switch self {
            case .all: return parties
            case .any: return min(1, parties)
            case .atLeast(let count, _): return min(count, parties)
            }
        }

        /// As written in a workflow file: `all`, `any` or `K of N`.
        public var description: String {
            switch self {
            case .all: return "all"
            case .any: return "any"
            case .atLeast(let count, let of): return "\(count) of \(of)"
            }
        }
    }

    /// Where a case goes after the stage.
    public enum Next: Hashable, Sendable {
        /// Another stage.
        case stage(String)
        /// The case closes.
        case end
    }

    /// Who receives an escalation.
    public enum EscalationTarget: Hashable, Sendable {
        /// The workflow's supervisor.
        case supervisor
        /// The case's lead unit.
        case lead
        /// A named unit.
        case unit(String)
    }

    /// One step of the escalation ladder: at `percent` of a deadline's span, tell `target`.
    public struct Escalation: Hashable, Sendable {
        /// Share of the deadline's span, 100 = the deadline itself.
        public var percent: Int
        /// Who is told.
        public var target: EscalationTarget
    }

    /// The stage id.
    public var id: String
    /// Parallel or sequential.
    public var mode: Mode
    /// The parties.
    public var parties: Parties
    /// Time to accept, counted from assignment; nil = acceptance optional.
    public var acceptWithin: DeadlineSpan?
    /// Time to complete, counted from assignment; nil = no deadline.
    public var completeWithin: DeadlineSpan?
    /// Reminder marks in percent of each deadline's span, ascending.
    public var remindAt: [Int]
    /// The escalation ladder, ascending.
    public var escalate: [Escalation]
    /// When the stage is complete.
    public var completeWhen: Quorum
    /// Where an approved stage goes.
    public var onApproved: Next
    /// Where a rejected stage goes.
    public var onRejected: Next

    /// The route for an outcome.
    public func next(after outcome: StageOutcome) -> Next {
        outcome == .approved ? onApproved : onRejected
    }
}
