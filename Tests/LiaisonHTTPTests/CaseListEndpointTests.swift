import Hummingbird
import HummingbirdTesting
@testable import LiaisonHTTP
import Logging
import Testing

@Suite("GET /v1/cases lists cases by filter, paged by an opaque cursor; bad filters are 400")
struct CaseListEndpointTests {
    let source = FakeAdminSource()

    func server(token: String? = nil) -> AdminServer {
        AdminServer(configuration: AdminServerConfiguration(host: "127.0.0.1", port: 0, token: token),
                    source: source, logger: Logger(label: "test"))
    }

    @Test func filtersReachTheSourceAndPagesFollowTheCursor() async throws {
        for id in ["A", "B", "C"] { source.store(case: id, json: "{\"case\":\"\(id)\"}") }
        try await server().application().test(.router) { client in
            var next = ""
            try await client.execute(uri: "/v1/cases?status=open&unit=tax&workflow=permit&version=2&overdue=true&limit=2", method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body.hasPrefix("{\"cases\":[{\"case\":\"A\"},{\"case\":\"B\"}],\"next\":\""), "\(body)")
                next = String(body.split(separator: "\"").dropLast().last ?? "")
            }
            #expect(source.listQueries.first == CaseListQuery(workflow: "permit", version: 2, status: .open, unit: "tax", overdue: true, limit: 2))
            #expect(!next.contains("B"), "the cursor is opaque")
            try await client.execute(uri: "/v1/cases?limit=2&cursor=\(next)", method: .get) { response in
                #expect(String(buffer: response.body) == "{\"cases\":[{\"case\":\"C\"}],\"next\":null}")
            }
            #expect(source.listQueries.last?.after == "B")
        }
    }

    @Test func theDefaultPageIs50Cases() async throws {
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/v1/cases", method: .get) { response in #expect(response.status == .ok) }
        }
        #expect(source.listQueries.first?.limit == 50)
    }

    @Test(arguments: [
        ("status=running", "status must be one of open, closed, withdrawn, inbox"),
        ("version=two", "version must be a positive whole number"),
        ("limit=501", "limit must be a whole number from 1 to 500"),
        ("limit=0", "limit must be a whole number from 1 to 500"),
        ("overdue=yes", "overdue must be true or false"),
        ("cursor=not-ours", "cursor is not one this server gave out"),
        ("stauts=open", "unknown parameter 'stauts'"),
        ("unit=tax&unit=police", "parameter 'unit' is given twice"),
    ])
    func aBadParameterIs400WithAJSONError(query: String, message: String) async throws {
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/v1/cases?\(query)", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = String(buffer: response.body)
                #expect(body.hasPrefix("{\"error\":{\"status\":400,\"message\":"), "\(body)")
                #expect(body.contains(message), "\(body)")
            }
        }
        #expect(source.listQueries.isEmpty, "the store is not asked")
    }

    @Test func theCaseListAndTheDeadLettersNeedTheToken() async throws {
        source.setDeadLetters("{\"deadLetters\":[{\"code\":\"not-json\"}]}")
        try await server(token: "t").application().test(.router) { client in
            for path in ["/v1/cases", "/v1/deadletters"] {
                try await client.execute(uri: path, method: .get) { response in #expect(response.status == .unauthorized) }
            }
            try await client.execute(uri: "/v1/deadletters", method: .get, headers: [.authorization: "Bearer t"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "{\"deadLetters\":[{\"code\":\"not-json\"}]}")
            }
        }
    }
}
