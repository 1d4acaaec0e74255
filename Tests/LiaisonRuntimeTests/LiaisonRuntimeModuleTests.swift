import Testing
@testable import LiaisonRuntime

@Suite struct LiaisonRuntimeModuleTests {
    @Test func moduleLinks() {
        #expect(String(describing: LiaisonRuntime.self) == "LiaisonRuntime")
    }
}
