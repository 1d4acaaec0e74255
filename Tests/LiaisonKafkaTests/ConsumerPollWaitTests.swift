import CRdKafka
import Testing
@testable import LiaisonKafka

/// A consumer poll that finds nothing waits out its time-out in a few long waits, never in
/// a run of zero-millisecond polls: those would spin a core until the deadline.
@Suite("A quiet consumer poll waits instead of spinning")
struct ConsumerPollWaitTests {
    /// What a quiet librdkafka did when asked: the waits it was given, in milliseconds.
    final class QuietCluster {
        let clock: ManualClock
        /// The share of each wait that passes before librdkafka returns empty-handed (it may
        /// wake early, e.g. after serving a callback).
        let returnsAfter: Double
        private(set) var waits: [Int32] = []

        init(clock: ManualClock, returnsAfter: Double = 1) {
            self.clock = clock
            self.returnsAfter = returnsAfter
        }

        func poll(_ wait: Int32) -> UnsafeMutablePointer<rd_kafka_message_t>? {
            waits.append(wait)
            // Even a poll that does not wait costs a few microseconds.
            clock.advance(by: wait == 0 ? .microseconds(2) : .milliseconds(wait) * returnsAfter)
            return nil
        }
    }

    static func context() -> ConsumerContext {
        ConsumerContext(logger: TestSupport.logger("poll"), startOffsets: { _ in [:] })
    }

    @Test("a time-out that is not a whole number of milliseconds is waited for in one poll")
    func fractionalTimeOutIsOnePoll() throws {
        let clock = ManualClock()
        let cluster = QuietCluster(clock: clock)
        let result = ConsumerPollLoop.gather(
            maxMessages: 100, timeout: .milliseconds(10) + .microseconds(500), context: Self.context(), clock: clock,
            next: cluster.poll
        )
        #expect(try result.get().isEmpty)
        #expect(cluster.waits == [11])
        #expect(clock.reads <= 2)
    }

    @Test("a poll that returns early waits again for what is left, never for zero milliseconds")
    func earlyReturnsNeverSpin() throws {
        let clock = ManualClock()
        let cluster = QuietCluster(clock: clock, returnsAfter: 0.5)
        let result = ConsumerPollLoop.gather(
            maxMessages: 100, timeout: .milliseconds(10), context: Self.context(), clock: clock, next: cluster.poll
        )
        #expect(try result.get().isEmpty)
        #expect(cluster.waits.allSatisfy { $0 > 0 })
        #expect(cluster.waits.count < 10)
        #expect(clock.now.sinceStart >= .milliseconds(10))
    }

    @Test("a zero time-out polls once without waiting")
    func zeroTimeOutPollsOnce() throws {
        let clock = ManualClock()
        let cluster = QuietCluster(clock: clock)
        let result = ConsumerPollLoop.gather(
            maxMessages: 100, timeout: .zero, context: Self.context(), clock: clock, next: cluster.poll
        )
        #expect(try result.get().isEmpty)
        #expect(cluster.waits == [0])
    }

    @Test("time-outs become C milliseconds rounded up, never rounded down to zero")
    func roundedUpMilliseconds() {
        #expect(Duration.zero.roundedUpMilliseconds == 0)
        #expect(Duration.milliseconds(-3).roundedUpMilliseconds == 0)
        #expect(Duration.nanoseconds(1).roundedUpMilliseconds == 1)
        #expect(Duration.microseconds(999).roundedUpMilliseconds == 1)
        #expect(Duration.milliseconds(200).roundedUpMilliseconds == 200)
        #expect((Duration.milliseconds(200) + .nanoseconds(1)).roundedUpMilliseconds == 201)
        #expect(Duration.seconds(Int64.max / 2).roundedUpMilliseconds == .max)
    }
}
