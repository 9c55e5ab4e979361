import Foundation

/// Keeps requests under the server's rate limit: at most `rate` a second when one is set
/// (`--rate N/min`); otherwise unpaced until the first 429, from which it learns the limit (the
/// requests of the last minute) and paces to a little under it. A `Retry-After` pauses every
/// request until then. How long requests waited is reported by `--stats`.
actor RequestPacer {
    private var interval: Duration?
    private var nextSlot = ContinuousClock.now
    private var pausedUntil = ContinuousClock.now
    private var sent: [ContinuousClock.Instant] = []
    private(set) var waited: Duration = .zero

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

    /// A 429: pause everyone for `retryAfter` (a second when absent). When the server asked for
    /// a wait after many requests (a real limit, not a passing refusal), pace to a little under
    /// what got through in the last minute.
    func rateLimited(retryAfter: Duration?) {
        let now = ContinuousClock.now
        let pause = retryAfter ?? .seconds(1)
        pausedUntil = max(pausedUntil, now + pause)
        nextSlot = max(nextSlot, pausedUntil)
        let recent = sent.filter { now - $0 < .seconds(60) }.count
        guard pause > .zero, recent >= Self.fewestToLearnFrom else { return }
        let learned: Duration = .seconds(60) / (recent - recent / 10)
        interval = max(interval ?? .zero, learned)
    }

    /// A limit below this many requests a minute is not learnt from one 429.
    static let fewestToLearnFrom = 20
}
