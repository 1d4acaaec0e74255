import LiaisonHTTP
import Logging
import Testing

@Suite("An admin server that cannot listen says where")
struct AdminServerFailureTests {
    @Test func anAddressThatIsNotLocalFailsWithTheAddressInTheError() async {
        // 192.0.2.0/24 is reserved for documentation: no interface of this machine has it.
        let server = AdminServer(configuration: AdminServerConfiguration(host: "192.0.2.1", port: 8089),
                                 source: FakeAdminSource(), logger: Logger(label: "test"))
        await #expect {
            try await server.run()
        } throws: { error in
            guard let failure = error as? AdminServerError else { return false }
            return failure.code == .serverFailed && failure.address == "192.0.2.1:8089"
                && failure.description.contains("admin.listen")
        }
    }
}
