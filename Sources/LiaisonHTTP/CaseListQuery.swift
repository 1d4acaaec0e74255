import Foundation

/// The filters and paging of `GET /v1/cases`, checked before the store is asked.
public struct CaseListQuery: Sendable, Hashable {
    /// The statuses a case list can be filtered by.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Running.
        case open
        /// Finished at the workflow's end.
        case closed
        /// Withdrawn by the applicant.
        case withdrawn
        /// Events waiting for a case that has not opened.
        case inbox
    }

    /// Cases per page unless `limit` says otherwise.
    public static let defaultLimit = 50
    /// The most cases one page holds.
    public static let maximumLimit = 500

    /// `workflow=`: only cases of this workflow id.
    public var workflow: String?
    /// `version=`: only cases of this workflow version.
    public var version: Int?
    /// `status=`: only cases in this status.
    public var status: Status?
    /// `unit=`: only cases in which this unit owes something now.
    public var unit: String?
    /// `overdue=true`: only cases with a deadline passed and not met.
    public var overdue: Bool
    /// From the `cursor=` of a previous page: start after this case id.
    public var after: String?
    /// `limit=`: cases per page.
    public var limit: Int

    /// Creates a query; the default lists every case, 50 per page.
    public init(workflow: String? = nil, version: Int? = nil, status: Status? = nil, unit: String? = nil,
                overdue: Bool = false, after: String? = nil, limit: Int = CaseListQuery.defaultLimit) {
        self.workflow = workflow
        self.version = version
        self.status = status
        self.unit = unit
        self.overdue = overdue
        self.after = after
        self.limit = limit
    }

    /// Why a query was refused: answered as 400 with this message.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        /// The sentence naming the parameter and what it accepts.
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Reads the query parameters; an unknown parameter, a repeated one or a bad value is refused.
    public static func parse(_ parameters: [(String, String)]) throws(Invalid) -> CaseListQuery {
        var query = CaseListQuery()
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard seen.insert(name).inserted else { throw Invalid("parameter '\(name)' is given twice") }
            switch name {
            case "workflow":
                guard !value.isEmpty else { throw Invalid("workflow must name a workflow id") }
                query.workflow = value
            case "version":
                guard let version = Int(value), version > 0 else { throw Invalid("version must be a positive whole number, not '\(value.prefix(64))'") }
                query.version = version
            case "status":
                guard let status = Status(rawValue: value) else {
                    throw Invalid("status must be one of \(Status.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value.prefix(64))'")
                }
                query.status = status
            case "unit":
                guard !value.isEmpty else { throw Invalid("unit must name a unit id") }
                query.unit = value
            case "overdue":
                guard value == "true" || value == "false" else { throw Invalid("overdue must be true or false, not '\(value.prefix(64))'") }
                query.overdue = value == "true"
            case "limit":
                guard let limit = Int(value), (1...maximumLimit).contains(limit) else {
                    throw Invalid("limit must be a whole number from 1 to \(maximumLimit), not '\(value.prefix(64))'")
                }
                query.limit = limit
            case "cursor":
                guard let after = CaseCursor.decode(value) else { throw Invalid("cursor is not one this server gave out") }
                query.after = after
            default:
                throw Invalid("unknown parameter '\(name.prefix(64))'; known: workflow, version, status, unit, overdue, limit, cursor")
            }
        }
        return query
    }
}

/// The opaque `cursor` of a case list page: the last case id of the page before, so that
/// paging holds however cases come and go meanwhile. Clients pass it back unchanged.
enum CaseCursor {
    private static let prefix = "c1:"

    /// The cursor for paging on after `caseID`.
    static func encode(_ caseID: String) -> String {
        Data((prefix + caseID).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The case id a cursor names, or nil when the text is no cursor of ours.
    static func decode(_ cursor: String) -> String? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix(prefix), text.count > prefix.count else { return nil }
        return String(text.dropFirst(prefix.count))
    }
}

/// One page of cases as the source gives it: each case as a JSON object, and the last case id
/// when more may follow.
public struct CaseListPage: Sendable, Hashable {
    /// Each case, a JSON object.
    public var cases: [String]
    /// The case id to continue after; nil on the last page.
    public var after: String?

    /// Creates a page.
    public init(cases: [String], after: String?) {
        self.cases = cases
        self.after = after
    }

    /// `{"cases":[…],"next":"<cursor>"|null}`.
    var json: String {
        "{\"cases\":[\(cases.joined(separator: ","))],\"next\":\(after.map { JSONText.quoted(CaseCursor.encode($0)) } ?? "null")}"
    }
}
