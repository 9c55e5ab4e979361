import NIOCore
import NIOHTTP1
import NIOHTTPTypesHTTP1

/// Carries HTTP/1's keep-alive rule to the server, which sees requests after their version is
/// dropped and closes a connection only for a request that says `Connection: close`: a request
/// that does not keep its connection alive — HTTP/1.0 without `Connection: keep-alive`, or any
/// `Connection: close` however it is spelled — is given exactly `connection: close`, so its
/// connection is closed after the response, as an HTTP/1.0 client waiting for the end of the
/// body expects (RFC 9112, section 9.3).
final class KeepAliveHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), !head.isKeepAlive else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: "connection", value: "close")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}

extension KeepAliveHandler {
    /// Puts a `KeepAliveHandler` where it sees HTTP/1 heads — before the codec that turns them
    /// into version-less requests, which the server's extra handlers follow — then leaves.
    final class Placement: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny

        func handlerAdded(context: ChannelHandlerContext) {
            let pipeline = context.pipeline.syncOperations
            // Without the codec (a pipeline of another shape) there is no head to correct.
            if let codec = try? pipeline.context(handlerType: HTTP1ToHTTPServerCodec.self) {
                try? pipeline.addHandler(KeepAliveHandler(), position: .before(codec.handler))
            }
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }
}
