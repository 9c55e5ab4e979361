import HTTPTypes
import Hummingbird

/// Coder's CSRF check (coderd/httpmw/csrf.go, with nosurf): a write under `/api` that carries
/// the session cookie must show it was not forged: the `Coder-Session-Token` header (or the
/// `coder_session_token` query parameter) equal to the cookie, or an `X-CSRF-TOKEN` header equal
/// to the `csrf_token` cookie (nosurf's double submit). Otherwise 400 with nosurf's failure text,
/// as Coder answers. Requests without the cookie (tokens in headers, as the client sends them)
/// cannot be forged cross-site and are exempt, as are reads.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AtriumRequestContext

    static let safeMethods: Set<HTTPRequest.Method> = [.get, .head, .options, .trace]
    static let csrfHeader = HTTPField.Name("X-CSRF-TOKEN")!
    static let failure =
        "Something is wrong with your CSRF token. Please refresh the page. If this error persists, try clearing "
        + "your cookies."

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !Self.isExempt(request) else { return try await next(request, context) }
        return Response(
            status: .badRequest, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: Self.failure + "\n")))
    }

    static func isExempt(_ request: Request) -> Bool {
        if safeMethods.contains(request.method) || !request.uri.path.hasPrefix("/api") { return true }
        if request.uri.path == "/api/v2/users/first" || request.uri.path == "/api/v2/csp/reports" { return true }
        guard let cookie = request.cookies["coder_session_token"]?.value else { return true }
        if request.headers[AuthenticationMiddleware.tokenHeader] == cookie { return true }
        if request.uri.queryParameters.get("coder_session_token") == cookie { return true }
        if let sent = request.headers[csrfHeader], !sent.isEmpty,
            let expected = request.cookies["csrf_token"]?.value, !expected.isEmpty
        {
            return sent == expected
        }
        return false
    }
}
