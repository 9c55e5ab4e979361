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
        await pacer.rateLimited(retryAfter: RetryAfter.floor, lastAnswer: .now)
        #expect(await pacer.interval == nil, "30 requests a minute would slow the whole run to a crawl")
    }

    @Test func aRealLimitIsLearnt() async throws {
        let pacer = RequestPacer(perMinute: nil)
        try await burst(pacer, 30)
        // A per-minute window that answers "come back in 40 s": pace under what got through.
        await pacer.rateLimited(retryAfter: .seconds(40), lastAnswer: .now)
        let interval = try #require(await pacer.interval)
        #expect(interval == .seconds(60) / 27, "a little under the 30 that got through in the last minute")
    }

    /// A server that refuses everything with `Retry-After: 0` is asked less and less often; one
    /// that answers between its refusals only pauses the floor.
    @Test func refusalsInARowBackOff() async throws {
        let pacer = RequestPacer(perMinute: nil)
        let before = ContinuousClock.now
        for _ in 0..<5 { await pacer.rateLimited(retryAfter: RetryAfter.floor, lastAnswer: before) }
        #expect(await pacer.pausedUntil - before >= RetryAfter.floor * 16, "0.1, 0.2, 0.4, 0.8, 1.6 s")
        let answering = RequestPacer(perMinute: nil)
        let start = ContinuousClock.now
        for _ in 0..<5 { await answering.rateLimited(retryAfter: RetryAfter.floor, lastAnswer: .now) }
        #expect(await answering.pausedUntil - start < RetryAfter.floor * 2, "an answer between refusals resets it")
    }

    @Test func fewRequestsTeachNothing() async throws {
        let pacer = RequestPacer(perMinute: nil)
        try await burst(pacer, 5)
        await pacer.rateLimited(retryAfter: .seconds(40), lastAnswer: .now)
        #expect(await pacer.interval == nil)
    }
}
