import Testing
@testable import LiaisonKafka

@Suite struct LiaisonKafkaModuleTests {
    @Test func moduleLinks() {
        #expect(String(describing: LiaisonKafka.self) == "LiaisonKafka")
    }
}
