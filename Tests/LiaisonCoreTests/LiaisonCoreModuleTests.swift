import Testing
@testable import LiaisonCore

@Suite struct LiaisonCoreModuleTests {
    @Test func moduleLinks() {
        #expect(String(describing: LiaisonCore.self) == "LiaisonCore")
    }
}
