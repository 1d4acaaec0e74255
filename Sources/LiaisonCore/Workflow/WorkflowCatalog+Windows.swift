extension WorkflowCatalog {
    /// The calendar whose time zone says which day an act counts for in the metric windows
    /// (today, this week, this month, rolling 30 days): the first workflow, by id, that names a
    /// calendar; every hour's calendar (UTC) when none does. One zone for the whole deployment,
    /// so that a unit working in several workflows has one "today".
    public var windowCalendar: BusinessCalendar {
        workflows.sorted { ($0.id, $0.version) < ($1.id, $1.version) }.map(\.calendar).first { !$0.isAlwaysOpen } ?? .alwaysOpen
    }
}
