import Foundation

/// Keeps requests under the server's rate limit: at most `rate` a second when one is set
/// (`--rate N/min`); otherwise unpaced until the first 429, from which it learns the limit (the
/// requests of the last minute) and paces to a little under it. A `Retry-After` pauses every
/// request until then. How long requests waited is reported by `--stats`.
actor RequestPacer {
    private(set) var interval: Duration?
    private var nextSlot = ContinuousClock.now
    private(set) var pausedUntil = ContinuousClock.now
    private var sent: [ContinuousClock.Instant] = []
    private(set) var waited: Duration = .zero
    /// The last 429; how many pauses' worth of 429s came with no other answer between them, and
    /// when that count last grew.
    private var lastRefusal = ContinuousClock.now
    private var refusedInARow = 0
    private var lastDoubling = ContinuousClock.now

    init(perMinute: Int?) {
        interval = perMinute.map { .seconds(60) / max($0, 1) }
    }

    /// Waits until this request may go.
    func permit() async throws {
        let now = ContinuousClock.now
        var start = max(now, pausedUntil)
        if let interval {
            start = max(start, nextSlot)
            nextSlot = start + interval
        }
        sent.append(start)
        if sent.count > 4096 { sent.removeFirst(sent.count - 4096) }
        guard start > now else { return }
        waited += start - now
        try await Task.sleep(until: start, clock: .continuous)
    }

    /// A 429: pause everyone for `retryAfter` (a second when absent), and longer while the
    /// server refuses everything: each 429 with no other answer since the one before doubles
    /// the pause from `RetryAfter.floor`, up to `longestBackoff`. When the server asked for a
    /// wait of a second or more after many requests (a real limit, as a per-minute window
    /// answers until it resets, not a passing refusal such as `Retry-After: 0`), pace to a
    /// little under what got through in the last minute.
    func rateLimited(
        retryAfter: Duration?, lastAnswer: ContinuousClock.Instant, now: ContinuousClock.Instant = .now
    ) {
        if lastAnswer > lastRefusal {
            refusedInARow = 1
            lastDoubling = now
        } else if refusedInARow == 0 || now - lastDoubling >= Self.backoff(after: refusedInARow) {
            // Refused again once the last pause has passed. Refusals within one pause are one:
            // a burst of 64 refused together does not stretch the pause to its longest.
            refusedInARow += 1
            lastDoubling = now
        }
        lastRefusal = now
        let backoff = Self.backoff(after: refusedInARow)
        let pause = max(retryAfter ?? .seconds(1), backoff)
        pausedUntil = max(pausedUntil, now + pause)
        nextSlot = max(nextSlot, pausedUntil)
        guard retryAfter ?? .seconds(1) >= Self.shortestToLearnFrom else { return }
        let recent = sent.filter { now - $0 < .seconds(60) }.count
        guard recent >= Self.fewestToLearnFrom else { return }
        let learned: Duration = .seconds(60) / (recent - recent / 10)
        interval = max(interval ?? .zero, learned)
    }

    /// A limit below this many requests a minute is not learnt from one 429.
    static let fewestToLearnFrom = 20
    /// A shorter wait is a passing refusal, not a limit to pace to.
    static let shortestToLearnFrom = Duration.seconds(1)
    /// The longest pause a run of refusals grows to.
    static let longestBackoff = Duration.seconds(5)

    /// The pause after `count` refusals in a row: the floor, doubled for each after the first.
    static func backoff(after count: Int) -> Duration {
        min(RetryAfter.floor * (1 << min(max(count, 1) - 1, 16)), longestBackoff)
    }
}
