import LiaisonHTTP
import Testing

@Suite("The admin listen address is read as host:port")
struct ListenAddressTests {
    @Test func anIPv4AddressAndPortAreSplit() throws {
        let c = try #require(AdminServerConfiguration(listen: "0.0.0.0:9100", token: "t"))
        #expect(c == AdminServerConfiguration(host: "0.0.0.0", port: 9100, token: "t"))
    }

    @Test func anIPv6AddressLosesItsBrackets() throws {
        let c = try #require(AdminServerConfiguration(listen: "[::1]:8089"))
        #expect(c.host == "::1")
        #expect(c.port == 8089)
    }

    @Test(arguments: ["8089", "localhost", ":8089", "host:port", "host:70000", "host:-1"])
    func aMalformedAddressIsRefused(_ text: String) {
        #expect(AdminServerConfiguration(listen: text) == nil)
    }

    @Test func theDefaultIsLoopbackWithoutAToken() {
        let c = AdminServerConfiguration()
        #expect(c.host == "127.0.0.1")
        #expect(c.port == 8089)
        #expect(c.token == nil)
    }
}
