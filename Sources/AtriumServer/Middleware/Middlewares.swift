import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One log line per request: method, path, status, duration. Also turns every error into Coder's
/// error body, so no request ever ends in an empty 500 or a crash.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AtriumRequestContext
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let answer: Response
        do {
            answer = try await next(request, context)
        } catch let error as APIError {
            answer = try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let status = error.status == .contentTooLarge ? .badRequest : error.status
            let message = error.status == .notFound ? "Route not found." : (error.body ?? error.status.reasonPhrase)
            answer = try APIError(
                status, message,
                detail: error.status == .contentTooLarge
                    ? "the body must be at most \(StrictJSONDecoder.maxSize) bytes" : nil
            )
            .response(from: request, context: context)
        } catch let error as SQLDatabaseError {
            answer = try APIError(.conflict, "Conflict with a concurrent change.", detail: "\(error)").response(
                from: request, context: context)
        } catch {
            logger.error("internal error on \(request.method) \(request.uri.path): \(error)")
            answer = try APIError(.internalServerError, "Internal error.", detail: "The server logged the cause.")
                .response(from: request, context: context)
        }
        // A request that failed to authenticate does not keep its connection (and a slot of
        // --max-connections) for a next one: the answer says so and the connection closes after it
        // (the input side now, so that the server reads no further request on it).
        var response = answer
        if response.status == .unauthorized {
            response.headers[.connection] = "close"
            context.channel.close(mode: .input, promise: nil)
        }
        // As Coder's request log (coderd/httpmw/logger.go): answers at debug, refusals and errors
        // at warning. A busy server formats no line it would not write.
        let level: Logger.Level = response.status.code >= 400 ? .warning : .debug
        guard logger.logLevel <= level else { return response }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        logger.log(
            level: level,
            "\(request.method) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", milliseconds))ms")
        return response
    }
}

/// Every route but `/buildinfo` (public, as in Coder) needs a valid `Coder-Session-Token`
/// (or `Authorization: Bearer`, or Coder's session cookie).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AtriumRequestContext
    let store: Store

    static let tokenHeader = HTTPField.Name("Coder-Session-Token")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // Share pages (`/@owner/name`) are opened by browsers, without a token, as Coder's dashboard is.
        if request.uri.path == "/api/v2/buildinfo" || request.uri.path == "/healthz" || request.uri.path.hasPrefix("/@")
        {
            return try await next(request, context)
        }
        guard let token = Self.token(in: request), var user = try await store.user(forToken: token) else {
            throw APIError.unauthorized
        }
        // As coderd/httpmw/apikey.go: a dormant user who comes back is active again; a suspended
        // one is refused until an admin activates them.
        if user.status == UserStatus.dormant.rawValue {
            user = try await store.setStatus(UserStatus.active.rawValue, userID: user.id)
        }
        guard user.status == UserStatus.active.rawValue else {
            throw APIError(
                .unauthorized,
                "User is not active (status = \"\(user.status)\"). Contact an admin to reactivate your account.")
        }
        var context = context
        context.actor = Caller(user: user)
        return try await next(request, context)
    }

    static func token(in request: Request) -> String? {
        if let token = request.headers[tokenHeader], !token.isEmpty { return token }
        if let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") {
            return String(authorization.dropFirst(7))
        }
        if let cookie = request.cookies["coder_session_token"]?.value, !cookie.isEmpty { return cookie }
        return nil
    }
}
