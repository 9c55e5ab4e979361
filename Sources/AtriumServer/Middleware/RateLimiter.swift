import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Coder's API rate limit (`CODER_API_RATE_LIMIT`, 512 requests a minute per user by default):
/// a token bucket per user, as large as the limit and refilled over a minute. Over it, 429 with
/// `Retry-After`. Owners (site admins) skip it by sending `X-Coder-Bypass-Ratelimit: true`.
package final class RateLimiter: Sendable {
    package let perMinute: Int
    private let buckets = Mutex<[String: (tokens: Double, at: ContinuousClock.Instant)]>([:])
    /// Requests let through with the bypass header, for tests that check the client sent it.
    private let bypasses = Atomic<Int>(0)

    package init(perMinute: Int) {
        self.perMinute = perMinute
    }

    package var bypassCount: Int { bypasses.load(ordering: .relaxed) }
    func noteBypass() { bypasses.add(1, ordering: .relaxed) }

    /// `nil` when the request may go; otherwise the seconds to wait.
    func take(_ user: String, now: ContinuousClock.Instant = .now) -> Int? {
        let rate = Double(perMinute) / 60
        return buckets.withLock { buckets in
            var bucket = buckets[user] ?? (Double(perMinute), now)
            let elapsed = now - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(Double(perMinute), bucket.tokens + seconds * rate)
            bucket.at = now
            defer { buckets[user] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}

struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AtriumRequestContext
    static let bypassHeader = HTTPField.Name("X-Coder-Bypass-Ratelimit")!
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let actor = context.actor else { return try await next(request, context) }
        if request.headers[Self.bypassHeader]?.lowercased() == "true", actor.isSiteAdmin {
            limiter.noteBypass()
            return try await next(request, context)
        }
        guard let wait = limiter.take(actor.user.id) else { return try await next(request, context) }
        var headers = HTTPFields()
        headers[.retryAfter] = "\(wait)"
        headers[.contentType] = "application/json"
        let body =
            #"{"message":"You've been rate limited for sending more than \#(limiter.perMinute) requests in 1m0s."}"#
        return Response(status: .tooManyRequests, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
