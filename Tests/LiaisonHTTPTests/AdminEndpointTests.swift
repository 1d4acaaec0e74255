import Hummingbird
import HummingbirdTesting
import LiaisonHTTP
import Logging
import Testing

@Suite("The admin endpoints answer operators in JSON")
struct AdminEndpointTests {
    let source = FakeAdminSource()

    func server(token: String? = nil, metrics: (@Sendable () -> String)? = nil) -> AdminServer {
        AdminServer(configuration: AdminServerConfiguration(host: "127.0.0.1", port: 0, token: token),
                    source: source, metrics: metrics, logger: Logger(label: "test"))
    }

    @Test func healthzAnswersOkWhileTheProcessIsAlive() async throws {
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"status\":\"ok\""))
            }
        }
    }

    @Test func readyzIsUnavailableWithItsReasonsUntilTheSourceIsReady() async throws {
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("partitions not loaded yet"))
            }
            source.setNotReady([])
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"failures\":[]"))
            }
        }
    }

    @Test func aKnownCaseIsShownAsTheSourceDescribesIt() async throws {
        source.store(case: "C-1", json: "{\"case\":\"C-1\",\"stage\":\"review\"}")
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/v1/cases/C-1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(String(buffer: response.body) == "{\"case\":\"C-1\",\"stage\":\"review\"}")
            }
        }
    }

    @Test func aPercentEncodedCaseIdIsDecodedBeforeTheLookup() async throws {
        source.store(case: "联办 2026/7", json: "{\"case\":\"联办 2026/7\"}")
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/v1/cases/%E8%81%94%E5%8A%9E%202026%2F7", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "{\"case\":\"联办 2026/7\"}")
            }
        }
    }

    @Test func anUnknownCaseIs404WithAJSONMessage() async throws {
        source.store(case: "C-1", json: "{}")
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/v1/cases/C-2", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body) == "{\"error\":{\"status\":404,\"message\":\"no case 'C-2' in this instance's store\"}}")
            }
        }
    }

    @Test func aCaseThatCannotBeReadIs500WithTheReason() async throws {
        source.store(case: "C-3", json: "{}")
        source.breakReading(case: "C-3")
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/v1/cases/C-3", method: .get) { response in
                #expect(response.status == .internalServerError)
                #expect(String(buffer: response.body).contains("disk on fire"))
            }
        }
    }

    @Test func workflowsAreListedAsTheSourceGivesThem() async throws {
        source.setWorkflows("[{\"id\":\"permit\",\"version\":2}]")
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/v1/workflows", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "[{\"id\":\"permit\",\"version\":2}]")
            }
        }
    }

    @Test func anUnknownPathIs404InTheSameJSONShape() async throws {
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/v2/nothing", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).hasPrefix("{\"error\":{\"status\":404,\"message\":"))
            }
        }
    }

    @Test func metricsAreServedAsPrometheusTextOnlyWhenTheProcessGaveThem() async throws {
        try await server(metrics: { "liaison_events_total 3\n" }).application().test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(String(buffer: response.body) == "liaison_events_total 3\n")
            }
        }
        try await server().application().test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
