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
    /// When the connection is closed unless the awaited part has come; nil between requests.
    private var expiry: NIODeadline?
    /// The one timer, at or before `expiry`: a request moves the deadline without scheduling or
    /// cancelling a timer (twice a request, on every keep-alive connection). When it fires early,
    /// it is set again for the deadline then.
    private var timer: (scheduled: Scheduled<Void>, due: NIODeadline)?
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
        cancelTimer()
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
        let expiry = NIODeadline.now() + timeout
        self.expiry = expiry
        // A timer due by then does: it sets itself again for the rest when it fires.
        if let timer, timer.due <= expiry { return }
        timer?.scheduled.cancel()
        schedule(at: expiry, on: context.channel)
    }

    private func schedule(at when: NIODeadline, on channel: any Channel) {
        let handler = NIOLoopBound(self, eventLoop: channel.eventLoop)
        timer = (channel.eventLoop.scheduleTask(deadline: when) { handler.value.fire(channel) }, when)
    }

    /// The timer: closes the connection if its deadline has passed, else waits for it.
    private func fire(_ channel: any Channel) {
        timer = nil
        guard let expiry else { return }
        if expiry <= .now() {
            channel.close(promise: nil)
        } else {
            schedule(at: expiry, on: channel)
        }
    }

    private func disarm() {
        expiry = nil
    }

    /// The connection is gone: no timer outlives it.
    private func cancelTimer() {
        timer?.scheduled.cancel()
        timer = nil
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
