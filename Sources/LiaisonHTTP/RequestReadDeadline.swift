import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client has sent a request head but not the rest of the request
/// within `timeout`.
///
/// Hummingbird's idle timeout already closes a connection that sends nothing, or trickles a
/// request head (no part is decoded until the head is whole). It restarts at every body part,
/// though, so a client sending a byte of body now and then would hold its slot for ever. The
/// admin endpoints take no bodies: a whole request is owed within one timeout.
final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            if deadline == nil {
                deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                    context.close(promise: nil)
                }
            }
        case .body:
            break
        case .end:
            cancel()
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }

    private func cancel() {
        deadline?.cancel()
        deadline = nil
    }
}
