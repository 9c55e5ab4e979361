import AtriumClient
import Testing

/// The adaptive limit against simulated servers (no clock: time is computed).
@Suite struct ConcurrencyLimitTests {
    /// A server that answers `capacity` requests a second at most, after `delay` (the network):
    /// each answer comes back `max(delay, inFlight / capacity)` after it was sent. Runs `count`
    /// answers through the limit and returns the limits it chose, in order.
    static func simulate(
        _ limit: inout ConcurrencyLimit, count: Int, capacity: Double, delay: Double, overloadEvery: Int = 0
    ) -> [Int] {
        var now = 0.0
        var chosen: [Int] = []
        for index in 1...count {
            let inFlight = limit.current
            let latency = max(delay, Double(inFlight) / capacity)
            now += latency / Double(inFlight)
            let overloaded = overloadEvery > 0 && index % overloadEvery == 0
            limit.record(
                latency: .seconds(latency), outcome: overloaded ? .overloaded : .answered, inFlight: inFlight,
                now: .seconds(now))
            chosen.append(limit.current)
        }
        return chosen
    }

    @Test func climbsToTheCapWhenEveryRequestWaitsOnTheNetwork() {
        var limit = ConcurrencyLimit()
        #expect(limit.current == 16)
        // 20 ms away, room for 5,000 a second: throughput rises with every step up to 64.
        let chosen = Self.simulate(&limit, count: 2_000, capacity: 5_000, delay: 0.020)
        #expect(chosen.last == 64, "\(Set(chosen).sorted())")
        #expect(chosen.contains(32) && !chosen.contains(48), "slow start doubles")
    }

    @Test func holdsWhereMoreInFlightOnlyQueues() {
        var limit = ConcurrencyLimit()
        // On loopback with the CPU saturated: latency is inFlight / capacity, throughput flat.
        let chosen = Self.simulate(&limit, count: 5_000, capacity: 800, delay: 0.001)
        // It holds where it started, probing one step (+25%) above now and then.
        let late = chosen.suffix(1_000)
        #expect(late.allSatisfy { $0 <= 20 }, "no point queueing: \(Set(late).sorted())")
        #expect(late.filter { $0 == 16 }.count > 800, "held at 16 between probes")
        #expect(chosen.max()! <= 32)
    }

    @Test func shrinksOnPushBack() {
        var limit = ConcurrencyLimit()
        _ = Self.simulate(&limit, count: 600, capacity: 5_000, delay: 0.020)
        #expect(limit.current == 64)
        let chosen = Self.simulate(&limit, count: 200, capacity: 5_000, delay: 0.020, overloadEvery: 2)
        #expect(
            chosen.last! < 10 && chosen.contains(44) && chosen.contains(30),
            "×0.7 a round (limit answers) while the server pushes back: \(Set(chosen).sorted())")
        _ = Self.simulate(&limit, count: 2_000, capacity: 5_000, delay: 0.020, overloadEvery: 1)
        #expect(limit.current == 1, "never below 1")
    }

    @Test func shrinksOnASuddenQueue() {
        var limit = ConcurrencyLimit()
        for second in 0..<24 {
            limit.record(latency: .milliseconds(4), outcome: .answered, inFlight: 8, now: .milliseconds(second))
        }
        let before = limit.current
        for step in 0..<8 {
            limit.record(
                latency: .milliseconds(90), outcome: .answered, inFlight: before, now: .milliseconds(100 + step))
        }
        #expect(limit.current < before, "queueing at the server: \(before) → \(limit.current)")
    }

    @Test func doesNotGrowWhenTheLimitDoesNotBind() {
        var limit = ConcurrencyLimit()
        for step in 0..<100 {
            limit.record(latency: .milliseconds(5), outcome: .answered, inFlight: 2, now: .milliseconds(step))
        }
        #expect(limit.current == 16)
    }

    /// A phase of listings that wait on each other, then a phase of independent requests: the
    /// listings met no push-back, so the phase starts at the maximum, and is judged by its own
    /// answers (it stays there while the server keeps up).
    @Test func aPhaseAfterCleanListingsStartsAtTheMaximum() {
        var limit = ConcurrencyLimit()
        // Listing pages one after another, each slower than the one before: few in flight,
        // throughput falling as the pages grow.
        var now = 0.0
        for page in 0..<40 {
            let latency = 0.020 + Double(page) * 0.002
            now += latency
            limit.record(latency: .seconds(latency), outcome: .answered, inFlight: limit.current, now: .seconds(now))
        }
        let afterListings = limit.current
        limit.reprobe(at: .zero)  // `simulate` counts time from 0
        #expect(limit.current == 64, "from \(afterListings)")
        let chosen = Self.simulate(&limit, count: 400, capacity: 5_000, delay: 0.020)
        #expect(chosen.allSatisfy { $0 == 64 }, "\(Set(chosen).sorted())")
    }

    /// A server that pushed back during the listings is probed afresh, in slow start from where
    /// the limit stands, not flooded at the maximum.
    @Test func aPhaseAfterPushBackProbesFromTheCurrentLimit() {
        var limit = ConcurrencyLimit()
        limit.record(latency: .milliseconds(20), outcome: .overloaded, inFlight: 16, now: .milliseconds(20))
        #expect(limit.current == 11, "16 × 0.7")
        limit.reprobe(at: .zero)
        #expect(limit.current == 11)
        let chosen = Self.simulate(&limit, count: 2_000, capacity: 5_000, delay: 0.020)
        #expect(chosen.contains(22) && chosen.last == 64, "doubling again while it pays: \(Set(chosen).sorted())")
    }

    /// A new phase's first requests go out together and are answered together: its first
    /// round runs from the phase's start, so the burst is not taken for a fast server.
    @Test func aPhaseIsTimedFromItsStart() {
        var limit = ConcurrencyLimit()
        // Pushed back once: the next phase probes in slow start from 11 (16 × 0.7).
        limit.record(latency: .milliseconds(20), outcome: .overloaded, inFlight: 16, now: .milliseconds(500))
        limit.reprobe(at: .seconds(1))
        // Eleven sent at 1 s, answered 20 ms later within microseconds of each other; then
        // twenty-two, answered 20 ms after that: throughput doubles with the limit.
        for index in 0..<11 {
            limit.record(
                latency: .milliseconds(20), outcome: .answered, inFlight: 11 - index,
                now: .seconds(1) + .milliseconds(20) + .microseconds(index))
        }
        #expect(limit.current == 22)
        for index in 0..<22 {
            limit.record(
                latency: .milliseconds(20), outcome: .answered, inFlight: 22 - index,
                now: .seconds(1) + .milliseconds(40) + .microseconds(index))
        }
        #expect(limit.current == 44, "1,100 answers a second against 550 pays; not against 11 in 10 µs")
    }

    @Test func parsesTheOption() {
        #expect(Parallelism("auto") == .auto)
        #expect(Parallelism("12") == .fixed(12))
        #expect(Parallelism("0") == nil && Parallelism("-3") == nil && Parallelism("many") == nil)
        #expect(Parallelism.auto.taskLimit == 64 && Parallelism.fixed(3).taskLimit == 3)
    }
}
