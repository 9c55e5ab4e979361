import AsyncHTTPClient
import AtriumCore
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

extension ServerClient {
    static let maxRedirects = 5

    /// The most a response may hold: a listing's page (workspaces, users) or an organization's
    /// groups with their members may run to megabytes; anything else is one object.
    static func bodyLimit(_ method: HTTPMethod, _ path: String) -> Int {
        guard method == .GET else { return 4 << 20 }
        // Asked of every request: the route's bytes, a view of the path (comparing characters
        // would work out grapheme clusters, which an ASCII path does not need).
        let route = path.utf8.prefix { $0 != UInt8(ascii: "?") }
        func ends(with suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            return route.count >= count
                && suffix.withUTF8Buffer { route.suffix(count).elementsEqual($0) }
        }
        let listing =
            route.elementsEqual("/workspaces".utf8) || route.elementsEqual("/users".utf8) || ends(with: "/groups")
            || ends(with: "/templates") || ends(with: "/members")
        return listing ? 64 << 20 : 4 << 20
    }
    static let redirectStatuses: Set<UInt> = [301, 302, 303, 307, 308]

    /// One request, following redirects within the server's origin (at most five). A redirect
    /// to another scheme, host or port is refused: the token would go with it.
    func exchange(_ method: HTTPMethod, _ path: String, body: Data?) async throws -> (
        status: Int, headers: HTTPHeaders, body: ByteBuffer
    ) {
        var url = "\(requestBase)/api/v2\(path)"
        var method = method
        var body = body
        for _ in 0...Self.maxRedirects {
            counter.increment()
            let response = try await http.execute(request(method, url, body: body), timeout: Self.timeAmount(timeout))
            let limit = Self.bodyLimit(method, path)
            let buffer: ByteBuffer
            do {
                buffer = try await response.body.collect(upTo: limit)
            } catch is NIOTooManyBytesError {
                throw ClientError(
                    method: "\(method)", path: path, status: Int(response.status.code),
                    message:
                        "the answer is larger than \(limit >> 20) MiB, more than this request can plausibly return; "
                        + "is this a Coder server?")
            }
            guard Self.redirectStatuses.contains(response.status.code),
                let location = response.headers.first(name: "Location")
            else {
                return (Int(response.status.code), response.headers, buffer)
            }
            let next = URL(string: location, relativeTo: URL(string: url))?.absoluteURL
            guard let next, let origin, Origin(next) == origin else {
                throw ClientError(
                    method: "\(method)", path: path, status: Int(response.status.code),
                    message:
                        "the server redirected to \(ServerURL.redacted(next?.absoluteString ?? location)), "
                        + "another origin; "
                        + "the session token is never sent to another origin (if that is the server, pass its "
                        + "URL with --server)"
                )
            }
            url = next.absoluteString
            if response.status.code == 303 {
                method = .GET
                body = nil
            }
        }
        throw ClientError(
            method: "\(method)", path: path, status: nil, message: "more than \(Self.maxRedirects) redirects")
    }

    private func request(_ method: HTTPMethod, _ url: String, body: Data?) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if !token.isEmpty { request.headers.add(name: "Coder-Session-Token", value: token) }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "atrium")
        if bypassesRateLimit.load(ordering: .relaxed) {
            request.headers.add(name: "X-Coder-Bypass-Ratelimit", value: "true")
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: body))
        }
        return request
    }
}
