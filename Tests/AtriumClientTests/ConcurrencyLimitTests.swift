import AtriumClient
import Testing

/// The adaptive limit's rules, step by step (no clock: latencies are given).
@Suite struct ConcurrencyLimitTests {
    @Test func growsWhileTheLimitBindsAndLatencyHolds() {
        var limit = ConcurrencyLimit()
        #expect(limit.current == 8)
        for _ in 0..<8 { limit.record(latency: .milliseconds(5), outcome: .answered, inFlight: limit.current) }
        #expect(limit.current == 16, "slow start: +1 an answer")
        for _ in 0..<200 { limit.record(latency: .milliseconds(5), outcome: .answered, inFlight: limit.current) }
        #expect(limit.current == 64, "capped at 64")
    }

    @Test func doesNotGrowWhenTheLimitDoesNotBind() {
        var limit = ConcurrencyLimit()
        for _ in 0..<100 { limit.record(latency: .milliseconds(5), outcome: .answered, inFlight: 2) }
        #expect(limit.current == 8)
    }

    @Test func shrinksOnPushBackOncePerRound() {
        var limit = ConcurrencyLimit()
        for _ in 0..<12 { limit.record(latency: .milliseconds(5), outcome: .answered, inFlight: limit.current) }
        #expect(limit.current == 20)
        limit.record(latency: .milliseconds(5), outcome: .overloaded, inFlight: 20)
        #expect(limit.current == 14, "×0.7")
        limit.record(latency: .milliseconds(5), outcome: .overloaded, inFlight: 14)
        #expect(limit.current == 14, "one decrease per round of answers")
        for _ in 0..<14 { limit.record(latency: .milliseconds(5), outcome: .overloaded, inFlight: 14) }
        #expect(limit.current == 9)
        limit.record(latency: .milliseconds(5), outcome: .answered, inFlight: 9)
        #expect(limit.current == 9, "after push-back, growth is additive: +1 a round")
        for _ in 0..<200 { limit.record(latency: .milliseconds(5), outcome: .overloaded, inFlight: 1) }
        #expect(limit.current == 1, "never below 1")
    }

    @Test func shrinksWhenLatencyDoubles() {
        var limit = ConcurrencyLimit()
        for _ in 0..<24 { limit.record(latency: .milliseconds(4), outcome: .answered, inFlight: limit.current) }
        #expect(limit.current == 32)
        for _ in 0..<64 { limit.record(latency: .milliseconds(40), outcome: .answered, inFlight: limit.current) }
        #expect(limit.current < 32, "queueing at the server: \(limit.current)")
    }

    @Test func parsesTheOption() {
        #expect(Parallelism("auto") == .auto)
        #expect(Parallelism("12") == .fixed(12))
        #expect(Parallelism("0") == nil && Parallelism("-3") == nil && Parallelism("many") == nil)
        #expect(Parallelism.auto.taskLimit == 64 && Parallelism.fixed(3).taskLimit == 3)
    }
}
