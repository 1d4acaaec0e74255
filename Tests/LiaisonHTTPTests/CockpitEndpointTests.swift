import Hummingbird
import HummingbirdTesting
import LiaisonHTTP
import Logging
import Testing

/// A cockpit document, as the daemon would give it.
struct FakeCockpit: CockpitSource {
    func cockpitJSON() async throws -> String { #"{"at":null,"units":[],"workflows":[],"overdue":[],"overdueTotal":0}"# }
}

@Suite("The cockpit page sits behind the admin token, with a login form that sets a cookie")
struct CockpitEndpointTests {
    let source = FakeAdminSource()

    func application(token: String?) -> some ApplicationProtocol {
        source.store(case: "C-1", json: "{\"case\":\"C-1\"}")
        return AdminServer(configuration: AdminServerConfiguration(host: "127.0.0.1", port: 0, token: token),
                           source: source, logger: Logger(label: "test"), cockpit: FakeCockpit()).application()
    }

    @Test func withoutATokenThePageItsFilesAndItsNumbersAreServed() async throws {
        try await application(token: nil).test(.router) { client in
            try await client.execute(uri: "/cockpit", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("协作驾驶舱"))
            }
            for uri in ["/cockpit/cockpit.js", "/cockpit/cockpit.css"] {
                try await client.execute(uri: uri, method: .get) { response in #expect(response.status == .ok, "\(uri)") }
            }
            try await client.execute(uri: "/v1/cockpit", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"overdueTotal\":0"))
            }
        }
    }

    @Test func withATokenThePageAnswersTheLoginFormAndTheNumbers401() async throws {
        try await application(token: "s3cret").test(.router) { client in
            try await client.execute(uri: "/cockpit", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("action=\"/cockpit/login\""))
                #expect(!String(buffer: response.body).contains("cockpit.js"))
            }
            for uri in ["/v1/cockpit", "/cockpit/events"] {
                try await client.execute(uri: uri, method: .get) { response in #expect(response.status == .unauthorized, "\(uri)") }
            }
        }
    }

    @Test func aWrongTokenInTheFormSetsNoCookie() async throws {
        try await application(token: "s3cret").test(.router) { client in
            try await client.execute(uri: "/cockpit/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "token=s3cre")) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }

    @Test func theRightTokenInTheFormSetsACookieThatOpensThePageAndV1() async throws {
        try await application(token: "s3 cr;et").test(.router) { client in
            let cookie = try await client.execute(uri: "/cockpit/login", method: .post,
                                                  headers: [.contentType: "application/x-www-form-urlencoded"],
                                                  body: ByteBuffer(string: "token=s3+cr%3Bet")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/cockpit")
                let setCookie = try #require(response.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                return String(setCookie.split(separator: ";")[0])
            }
            for uri in ["/cockpit", "/v1/cockpit", "/v1/cases/C-1"] {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { response in
                    #expect(response.status == .ok, "\(uri)")
                }
            }
            try await client.execute(uri: "/v1/cockpit", method: .get, headers: [.cookie: "liaison_admin_token=wrong"]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func theBearerHeaderOpensThePageToo() async throws {
        try await application(token: "s3cret").test(.router) { client in
            try await client.execute(uri: "/cockpit", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func withoutACockpitSourceThereIsNoPage() async throws {
        let app = AdminServer(configuration: AdminServerConfiguration(host: "127.0.0.1", port: 0, token: nil),
                              source: source, logger: Logger(label: "test")).application()
        try await app.test(.router) { client in
            try await client.execute(uri: "/cockpit", method: .get) { response in #expect(response.status == .notFound) }
        }
    }
}
