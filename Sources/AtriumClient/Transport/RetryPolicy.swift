import AtriumCore
import Foundation

/// When and how long to wait before trying a request again: connection errors, 429 (honouring
/// `Retry-After`) and 502/503/504 are retried with jittered exponential backoff.
package struct RetryPolicy: Sendable {
    package var maxAttempts: Int
    package var baseDelay: Duration
    package var maxDelay: Duration

    package init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(10)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// How many 429s one request may get before it fails.
    package static let maxRateLimited = 60

    package static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 502 || status == 503 || status == 504
    }

    /// The wait before attempt `attempt + 1` (attempts count from 1): "full jitter" over an
    /// exponentially growing window, or the server's `Retry-After` when it gives one (the caller
    /// has refused a `Retry-After` over its bound before asking).
    package func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return retryAfter }
        let window = min(baseDelay * (1 << min(attempt - 1, 16)), maxDelay)
        let milliseconds = Double(window.components.seconds) * 1000 + Double(window.components.attoseconds) / 1e15
        return .milliseconds(Int(Double.random(in: 0...max(milliseconds, 1))))
    }
}
