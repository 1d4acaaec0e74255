import Foundation
import LiaisonCore
import LiaisonHTTP
@testable import LiaisonRuntime
import Testing

@Suite("The admin section of the configuration")
struct AdminConfigurationTests {
    @Test func theAdminServerListensOnLoopbackWithoutATokenByDefault() throws {
        let admin = try LiaisonConfiguration.load(yaml: "", file: "c.yaml").admin
        #expect(admin.enabled)
        #expect(try admin.serverConfiguration() == AdminServerConfiguration(host: "127.0.0.1", port: 8089, token: nil))
    }

    @Test func theShippedExampleNamesATokenFile() throws {
        let path = ConfigurationTests.root.appendingPathComponent("deploy/liaison.yaml").path
        let admin = try ConfigurationFile.load(path: path, environment: [:]).admin
        #expect(admin.listen == "127.0.0.1:8089")
        #expect(admin.tokenFile == "/etc/liaison/admin-token")
    }

    @Test func theTokenIsReadFromTheFirstLineOfItsFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-token-\(UUID().uuidString)")
        try "  s3cret \nignored\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let admin = try LiaisonConfiguration.load(yaml: "admin: { listen: '0.0.0.0:9000', token_file: \(file.path) }", file: "c.yaml").admin
        #expect(try admin.serverConfiguration() == AdminServerConfiguration(host: "0.0.0.0", port: 9000, token: "s3cret"))
    }

    @Test func theEnvironmentTokenWinsOverTheFileAndListenCanBeOverridden() throws {
        let admin = try LiaisonConfiguration.load(
            yaml: "admin: { token_file: /nonexistent/token }", file: "c.yaml",
            environment: ["LIAISON_ADMIN_TOKEN": "from-env", "LIAISON_ADMIN_LISTEN": "127.0.0.1:0"]
        ).admin
        #expect(try admin.serverConfiguration() == AdminServerConfiguration(host: "127.0.0.1", port: 0, token: "from-env"))
    }

    @Test func aMissingOrEmptyTokenFileStopsTheStartInsteadOfOpeningTheCaseViews() throws {
        var admin = LiaisonConfiguration.Admin()
        admin.tokenFile = "/nonexistent/liaison/token"
        #expect(throws: RuntimeError.self) { try admin.serverConfiguration() }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-empty-\(UUID().uuidString)")
        try "\n".write(to: empty, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: empty) }
        admin.tokenFile = empty.path
        #expect(throws: RuntimeError.self) { try admin.serverConfiguration() }
    }

    @Test func theConnectionLimitAndIdleTimeoutReachTheServer() throws {
        let admin = try LiaisonConfiguration.load(yaml: "admin: { max_connections: 16, idle_timeout: 1500ms }", file: "c.yaml").admin
        let server = try admin.serverConfiguration()
        #expect(server.maxConnections == 16)
        #expect(server.idleTimeout == .milliseconds(1500))
        let defaults = try LiaisonConfiguration.load(yaml: "", file: "c.yaml").admin.serverConfiguration()
        #expect(defaults.maxConnections == 256)
        #expect(defaults.idleTimeout == .seconds(30))
    }

    @Test func aZeroLimitOrTimeoutIsReportedWithItsLine() throws {
        #expect {
            _ = try LiaisonConfiguration.load(yaml: "admin:\n  max_connections: 0\n  idle_timeout: 0s\n", file: "bad.yaml")
        } throws: { error in
            let text = (error as? DefinitionErrors)?.description ?? ""
            return text.contains("bad.yaml:2:20: error: 'admin.max_connections' must be a positive whole number")
                && text.contains("bad.yaml:3:17: error: 'admin.idle_timeout' must be longer than 0s")
        }
    }

    @Test func offTurnsTheServerOffAndAMalformedAddressIsReportedWithItsLine() throws {
        #expect(try LiaisonConfiguration.load(yaml: "admin: { listen: 'off' }", file: "c.yaml").admin.enabled == false)
        #expect {
            _ = try LiaisonConfiguration.load(yaml: "admin:\n  listen: everywhere\n  tokenfile: x\n", file: "bad.yaml")
        } throws: { error in
            let text = (error as? DefinitionErrors)?.description ?? ""
            return text.contains("bad.yaml:2:11: error: 'admin.listen' must be host:port")
                && text.contains("bad.yaml:3:3: error: unknown field 'admin.tokenfile'")
        }
    }
}
