import Testing
@testable import LiaisonKafka

@Suite("A consumer's callbacks hand their events and errors to the next poll")
struct ConsumerContextTests {
    static func context() -> ConsumerContext {
        ConsumerContext(logger: TestSupport.logger("context"), startOffsets: { _ in [:] })
    }

    @Test("queued assignments come out once, oldest first")
    func eventsInOrder() {
        let context = Self.context()
        let partition = TopicPartition(topic: "t", partition: 0)
        context.queue(.assigned([partition]))
        context.queue(.revoked([partition]))
        #expect(context.takeEvents() == [.assigned([partition]), .revoked([partition])])
        #expect(context.takeEvents().isEmpty)
    }

    @Test("a fatal error is kept over a later lesser one, and taken once")
    func fatalErrorWins() {
        let context = Self.context()
        context.clientError(KafkaError(code: .closed, reason: "fenced", isFatal: true))
        context.clientError(KafkaError(code: .timedOut, reason: "slow", isRetriable: true))
        #expect(context.takeError()?.reason == "fenced")
        #expect(context.takeError() == nil)
    }
}
