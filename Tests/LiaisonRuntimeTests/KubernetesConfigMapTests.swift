import Foundation
@testable import LiaisonRuntime
import Testing

@Suite("The Kubernetes ConfigMap carries a configuration the daemon accepts")
struct KubernetesConfigMapTests {
    @Test func theEmbeddedConfigurationLoadsAndListensForProbes() throws {
        let path = ConfigurationTests.root.appendingPathComponent("deploy/kubernetes/configmap.yaml").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("  liaison.yaml: |") })
        let body = lines[(start + 1)...].prefix { $0.isEmpty || $0.hasPrefix("    ") }.map { String($0.dropFirst(4)) }
        let configuration = try LiaisonConfiguration.load(yaml: body.joined(separator: "\n"), file: path)
        #expect(configuration.admin.listen == "0.0.0.0:8089")
        #expect(configuration.admin.tokenFile == "/etc/liaison/secret/admin-token")
        #expect(configuration.store.path == "/var/lib/liaison/liaison.sqlite")
        #expect(configuration.topics.inputs.count == 5)
        #expect(configuration.audit.signing && configuration.audit.signingKeyFile == "/etc/liaison/secret/audit-signing-key")
    }
}
