/// The example event file of the design (shared/examples/events/enterprise-case.jsonl), verbatim.
enum EnterpriseCaseEvents {
    static let jsonLines = #"""
        {"specversion":"1.0","id":"win-000187","source":"/units/service-window","type":"gov.case.opened","subject":"QY-2026-000187","time":"2026-03-02T01:30:00Z","datacontenttype":"application/json","data":{"matter":"enterprise-establishment","title":"某某科技有限公司设立登记","collaborators":["tax","social-security","public-security"]}}
        {"specversion":"1.0","id":"tax-55120","source":"/units/tax","type":"gov.task.accepted","subject":"QY-2026-000187","time":"2026-03-02T02:00:00Z","datacontenttype":"application/json","data":{"stage":"review"}}
        {"specversion":"1.0","id":"ss-9911","source":"/units/social-security","type":"gov.task.accepted","subject":"QY-2026-000187","time":"2026-03-02T06:00:00Z","datacontenttype":"application/json","data":{"stage":"review"}}
        {"specversion":"1.0","id":"tax-55188","source":"/units/tax","type":"gov.task.completed","subject":"QY-2026-000187","time":"2026-03-03T07:00:00Z","datacontenttype":"application/json","data":{"outcome":"approved","opinion":"税务登记信息已确认"}}
        {"specversion":"1.0","id":"ss-9950","source":"/units/social-security","type":"gov.task.completed","subject":"QY-2026-000187","time":"2026-03-04T03:20:00Z","datacontenttype":"application/json","data":{"outcome":"approved"}}
        """#
}
