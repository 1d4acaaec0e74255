/// Workflow files the end-to-end tests run, with deadlines in seconds so that reminders and
/// escalations happen while a test watches.
enum TestWorkflows {
    /// Two parallel reviewers (6 s to complete, reminder at 50%, escalation at 100%), then the lead.
    static let fast = """
        id: e2e-fast
        version: 1
        title: end-to-end, seconds-scale
        start:
          on: gov.case.opened
          when: { matter: e2e-fast }
          by: [service-window]
        lead: lead-unit
        supervisor: gamma
        stages:
          - id: review
            mode: parallel
            parties: [alpha, beta]
            complete_within: 6s
            remind_at: [50%]
            escalate:
              - { at: 100%, to: supervisor }
            complete_when: all
            next: { approved: decision, rejected: end }
          - id: decision
            parties: lead
            complete_within: 1h
            next: { approved: end, rejected: end }

        """

    /// One reviewer with long deadlines: no timer fires while a test runs, so the final state
    /// depends on the events alone.
    static let steady = """
        id: e2e-steady
        version: 1
        title: end-to-end, long deadlines
        start:
          on: gov.case.opened
          when: { matter: e2e-steady }
          by: [service-window]
        lead: lead-unit
        supervisor: gamma
        stages:
          - id: review
            mode: parallel
            parties: [alpha, beta]
            accept_within: 1d
            complete_within: 10d
            remind_at: [50%]
            escalate:
              - { at: 100%, to: supervisor }
            complete_when: all
            next: { approved: end, rejected: end }

        """

    /// One reviewer whose deadline falls a few seconds after the case opens.
    static let shortTimer = """
        id: e2e-timer
        version: 1
        title: end-to-end, a timer due while the daemon is down
        start:
          on: gov.case.opened
          when: { matter: e2e-timer }
          by: [service-window]
        lead: lead-unit
        supervisor: gamma
        stages:
          - id: review
            parties: [alpha]
            complete_within: 8s
            escalate:
              - { at: 100%, to: supervisor }
            next: { approved: end, rejected: end }

        """
}
