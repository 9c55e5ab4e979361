import Testing

@testable import AtriumClient

/// What the pacer learns from a 429: a pace from a real limit, nothing from a passing refusal.
@Suite struct RequestPacerTests {
    /// Sends `count` requests at once, as a burst that a limit might answer with a 429.
    func burst(_ pacer: RequestPacer, _ count: Int) async throws {
        for _ in 0..<count { try await pacer.permit() }
    }

    @Test func aPassingRefusalTeachesNoPace() async throws {
        let pacer = RequestPacer(perMinute: nil)
        try await burst(pacer, 30)
        // `Retry-After: 0`, raised to RetryAfter.floor: a transient refusal, not a limit.
        pacer.rateLimited(retryAfter: RetryAfter.floor, lastAnswer: .now)
        #expect(pacer.interval == nil, "30 requests a minute would slow the whole run to a crawl")
    }

    @Test func aRealLimitIsLearnt() async throws {
        let pacer = RequestPacer(perMinute: nil)
        try await burst(pacer, 30)
        // A per-minute window that answers "come back in 40 s": pace under what got through.
        pacer.rateLimited(retryAfter: .seconds(40), lastAnswer: .now)
        let interval = try #require(pacer.interval)
        #expect(interval == .seconds(60) / 27, "a little under the 30 that got through in the last minute")
    }

    /// A server that refuses everything with `Retry-After: 0` is asked less and less often; one
    /// that answers between its refusals only pauses the floor; requests refused together count
    /// once.
    @Test func refusalsInARowBackOff() async throws {
        let pacer = RequestPacer(perMinute: nil)
        let before = ContinuousClock.now
        var now = before
        // Each retry refused again once the pause before it is over: 0.1, 0.2, 0.4, 0.8, 1.6 s.
        for _ in 0..<5 {
            now = max(now, pacer.pausedUntil)
            pacer.rateLimited(retryAfter: RetryAfter.floor, lastAnswer: before, now: now)
        }
        #expect(pacer.pausedUntil - now == RetryAfter.floor * 16)

        let burst = RequestPacer(perMinute: nil)
        let start = ContinuousClock.now
        for _ in 0..<64 { burst.rateLimited(retryAfter: RetryAfter.floor, lastAnswer: start, now: start) }
        #expect(burst.pausedUntil - start == RetryAfter.floor, "64 refused at once are one refusal")

        // Three requests out of step, each refused a third of a pause after the one before:
        // the pause still doubles once a pause has passed, not never.
        let staggered = RequestPacer(perMinute: nil)
        let origin = ContinuousClock.now
        for step in 0..<24 {
            let at = origin + RetryAfter.floor * step / 3
            staggered.rateLimited(retryAfter: RetryAfter.floor, lastAnswer: origin - .seconds(1), now: at)
        }
        let last = origin + RetryAfter.floor * 23 / 3
        #expect(staggered.pausedUntil - last > RetryAfter.floor * 2, "it grows while nothing is answered")

        let answering = RequestPacer(perMinute: nil)
        var later = ContinuousClock.now
        for _ in 0..<5 {
            later = max(later, answering.pausedUntil)
            answering.rateLimited(retryAfter: RetryAfter.floor, lastAnswer: later, now: later)
        }
        #expect(answering.pausedUntil - later == RetryAfter.floor, "an answer between refusals resets it")
    }

    @Test func fewRequestsTeachNothing() async throws {
        let pacer = RequestPacer(perMinute: nil)
        try await burst(pacer, 5)
        pacer.rateLimited(retryAfter: .seconds(40), lastAnswer: .now)
        #expect(pacer.interval == nil)
    }
}
