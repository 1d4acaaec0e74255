@testable import LiaisonHTTP
import Testing

@Suite("The connection limiter serves up to its maximum and says when it refuses")
struct ConnectionLimiterTests {
    @Test func connectionsAreServedUpToTheMaximumAndRefusedPastIt() {
        var limiter = ConnectionLimiter(maximum: 2)
        #expect(limiter.accepted() == .serve)
        #expect(limiter.accepted() == .serve)
        #expect(limiter.accepted() == .refuse(announce: true))
        #expect(limiter.accepted() == .refuse(announce: false))
        #expect(limiter.open == 2)
    }

    @Test func aClosedConnectionFreesItsSlotAndEndsTheRefusals() {
        var limiter = ConnectionLimiter(maximum: 1)
        #expect(limiter.accepted() == .serve)
        #expect(limiter.accepted() == .refuse(announce: true))
        #expect(limiter.accepted() == .refuse(announce: false))
        #expect(limiter.closed() == .recovered(refused: 2))
        #expect(limiter.accepted() == .serve)
        #expect(limiter.closed() == .nothing)
        // The next flood is announced again.
        #expect(limiter.accepted() == .serve)
        #expect(limiter.accepted() == .refuse(announce: true))
    }

    @Test func aMaximumBelowOneStillServesOne() {
        var limiter = ConnectionLimiter(maximum: 0)
        #expect(limiter.accepted() == .serve)
        #expect(limiter.accepted() == .refuse(announce: true))
    }
}
