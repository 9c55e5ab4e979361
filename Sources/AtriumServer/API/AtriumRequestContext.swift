package import Hummingbird
import NIOCore

/// Per-request context: Hummingbird's core storage plus the authenticated actor.
package struct AtriumRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var actor: Caller?
    /// The request's connection, for closing it after an answer that should not keep it.
    let channel: any Channel

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Request bodies above 1 MiB are refused (with 400, as Coder's other input errors).
    package var maxUploadSize: Int { StrictJSONDecoder.maxSize }

    /// JSON objects of known fields (`request.decode(as:context:)`).
    package var requestDecoder: some RequestDecoder { StrictJSONDecoder() }

    /// snake_case JSON (handlers return their response types).
    package var responseEncoder: some ResponseEncoder { SnakeCaseJSONEncoder() }

    /// The actor; the authentication middleware guarantees it on every authenticated route.
    func requireActor() throws -> Caller {
        guard let actor else { throw APIError.unauthorized }
        return actor
    }
}
