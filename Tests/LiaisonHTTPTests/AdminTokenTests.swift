import Hummingbird
import HummingbirdTesting
import LiaisonHTTP
import Logging
import Testing

@Suite("A configured bearer token guards the case views but not the probes")
struct AdminTokenTests {
    let source = FakeAdminSource()

    func application(token: String?) -> some ApplicationProtocol {
        source.store(case: "C-1", json: "{\"case\":\"C-1\"}")
        return AdminServer(configuration: AdminServerConfiguration(host: "127.0.0.1", port: 0, token: token),
                           source: source, metrics: { "up 1\n" }, logger: Logger(label: "test")).application()
    }

    @Test func aRequestWithoutTheTokenIs401WithAJSONMessage() async throws {
        try await application(token: "s3cret").test(.router) { client in
            for uri in ["/v1/cases/C-1", "/v1/workflows", "/v1/cases/unknown"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"liaison\"")
                    #expect(String(buffer: response.body).contains("\"status\":401"))
                }
            }
        }
    }

    @Test func aWrongOrMalformedTokenIs401() async throws {
        try await application(token: "s3cret").test(.router) { client in
            for header in ["Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "s3cret", "Bearer "] {
                try await client.execute(uri: "/v1/cases/C-1", method: .get, headers: [.authorization: header]) { response in
                    #expect(response.status == .unauthorized, "\(header)")
                }
            }
        }
    }

    @Test func aCookieOfTheTokenPaddedWith256NULBytesIsRefused() async throws {
        // Lengths 3 and 259 differ by 256: their difference must not vanish in a byte.
        let padded = "s3c" + String(repeating: "%00", count: 256)
        try await application(token: "s3c").test(.router) { client in
            try await client.execute(uri: "/v1/cases/C-1", method: .get, headers: [.cookie: "liaison_admin_token=\(padded)"]) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/cases/C-1", method: .get, headers: [.cookie: "liaison_admin_token=s3c"]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theRightTokenLetsTheRequestThrough() async throws {
        try await application(token: "s3cret").test(.router) { client in
            try await client.execute(uri: "/v1/cases/C-1", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "{\"case\":\"C-1\"}")
            }
            try await client.execute(uri: "/v1/cases/C-9", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func probesAndMetricsNeedNoToken() async throws {
        try await application(token: "s3cret").test(.router) { client in
            for uri in ["/healthz", "/metrics"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                }
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test func withoutATokenTheCaseViewIsOpen() async throws {
        try await application(token: nil).test(.router) { client in
            try await client.execute(uri: "/v1/cases/C-1", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func theTokenIsCheckedOverARealSocketToo() async throws {
        try await application(token: "s3cret").test(.live) { client in
            try await client.execute(uri: "/v1/cases/C-1", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/cases/C-1", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
