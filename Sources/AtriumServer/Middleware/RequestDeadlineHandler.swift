import NIOCore
import NIOHTTPTypes

/// Deadlines on what a client sends, for every request of a connection, not only its first: the
/// head must be complete within `headerTimeout` of its first byte (of the connection's opening,
/// for the first request), and the body within `bodyTimeout` of the head. A connection that
/// misses one is closed. A client that trickles a head or a body a byte at a time (with or
/// without a token: the body is read after authentication, but the connection is held until
/// it ends) would otherwise hold a connection until the idle timeout, or for ever.
///
/// Between requests a keep-alive connection is idle, under the idle timeout alone; the first
/// byte of the next request is seen by a `FirstByteHandler` this handler puts at the front of
/// the pipeline, before the HTTP decoder.
final class RequestDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private enum State {
        /// Waiting for the head of a request whose first byte has come (or the connection's first).
        case head
        /// The head has come; waiting for the end of the body.
        case body
        /// Between requests.
        case idle
    }

    private let headerTimeout: TimeAmount
    private let bodyTimeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var state = State.head

    init(headerTimeout: TimeAmount, bodyTimeout: TimeAmount) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        arm(headerTimeout, context: context)
        let watcher = FirstByteHandler { [unowned self] context in self.bytesArrived(context: context) }
        // If the watcher cannot be added, the first request's deadline still holds.
        try? context.pipeline.syncOperations.addHandler(watcher, position: .first)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            state = .body
            arm(bodyTimeout, context: context)
        case .body:
            break
        case .end:
            state = .idle
            disarm()
        }
        context.fireChannelRead(data)
    }

    /// Bytes came in: between requests, they start the next request's head deadline.
    private func bytesArrived(context: ChannelHandlerContext) {
        guard state == .idle else { return }
        state = .head
        arm(headerTimeout, context: context)
    }

    private func arm(_ timeout: TimeAmount, context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Tells its owner, on the event loop, that bytes arrived on the connection; passes them on.
final class FirstByteHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let arrived: (ChannelHandlerContext) -> Void

    init(arrived: @escaping (ChannelHandlerContext) -> Void) {
        self.arrived = arrived
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        arrived(context)
        context.fireChannelRead(data)
    }
}
