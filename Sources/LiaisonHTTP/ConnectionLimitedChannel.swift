import HummingbirdCore
import Logging
import NIOCore

/// Wraps the admin server's HTTP child channel so that connections past the limit are closed
/// as soon as they are accepted, instead of each holding a file descriptor until the process
/// runs out of them.
///
/// Hummingbird's own `MaximumAvailableConnections` stops accepting instead: the excess then
/// waits in the kernel's backlog and is served, a batch per idle timeout, long after a flood
/// ends. Closing it at once keeps the recovery to one idle timeout.
struct ConnectionLimitedChannel<Base: ServerChildChannel>: ServerChildChannel {
    /// A served connection, or one closed on arrival.
    enum Value: ServerChildChannelValue {
        case served(Base.Value)
        case refused(any Channel)

        var channel: any Channel {
            switch self {
            case .served(let value): value.channel
            case .refused(let channel): channel
            }
        }
    }

    let base: Base
    let limiter: SharedConnectionLimiter

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard limiter.admit() else {
            // Closed by a handler on the event loop rather than by `handle`, which runs on the
            // shared task pool: refusing must not wait for a pool that the flood keeps busy.
            return channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(CloseOnActivation())
                return .refused(channel)
            }
        }
        let limiter = self.limiter
        channel.closeFuture.whenComplete { _ in limiter.release() }
        return base.setup(channel: channel, logger: logger)
            .map { Value.served($0) }
            .flatMapErrorThrowing { error in
                channel.close(promise: nil)
                throw error
            }
    }

    func handle(value: Value, logger: Logger) async {
        if case .served(let served) = value {
            await base.handle(value: served, logger: logger)
        }
    }
}

/// Closes its channel as soon as the channel is active: the whole of a refusal.
final class CloseOnActivation: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { context.close(promise: nil) }
    }

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
}
