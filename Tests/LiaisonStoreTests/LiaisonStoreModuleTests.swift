import Testing
@testable import LiaisonStore

@Suite struct LiaisonStoreModuleTests {
    @Test func moduleLinks() {
        #expect(String(describing: LiaisonStore.self) == "LiaisonStore")
    }
}
