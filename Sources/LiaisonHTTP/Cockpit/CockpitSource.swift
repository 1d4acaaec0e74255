/// What the cockpit page (`/cockpit`) shows, supplied by the daemon.
///
/// Its own protocol rather than more ``AdminSource`` requirements: a process without business
/// numbers (tests, tools) serves the admin endpoints without it, and the page answers 404.
public protocol CockpitSource: Sendable {
    /// The cockpit document (`GET /v1/cockpit`, and each live update on `/cockpit/events`): the
    /// latest `liaison.metrics` snapshot per unit and per workflow, and the overdue tasks now.
    func cockpitJSON() async throws -> String
}
