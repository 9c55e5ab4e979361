import Testing

@testable import AtriumClient

/// The gate in front of every request under `--parallelism auto`: no more in flight than the
/// limit, and each answer lets a waiting request in.
@Suite struct ConcurrencyGateTests {
    /// Waits (at most five seconds) until `condition` holds.
    func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
    }

    @Test func admitsUpToTheLimitAndEachAnswerLetsOneIn() async throws {
        let gate = ConcurrencyGate()
        let entered = Counter()
        #expect(gate.current == 16)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    await gate.enter()
                    entered.increment()
                }
            }
            try await eventually { entered.value == 16 }
            // Nothing more gets in while nothing is answered.
            try await Task.sleep(for: .milliseconds(50))
            #expect(entered.value == 16)
            #expect(gate.peak == 16, "the most in flight at once")
            gate.leave(latency: .milliseconds(1), outcome: .answered)
            try await eventually { entered.value == 17 }
            #expect(entered.value == 17, "one answer, one more in")
            for _ in 0..<23 { gate.leave(latency: .milliseconds(1), outcome: .answered) }
            try await eventually { entered.value == 40 }
            #expect(entered.value == 40, "every waiting request got in")
            try await group.waitForAll()
        }
    }

    @Test func pushBackLowersTheLimit() async {
        let gate = ConcurrencyGate()
        await gate.enter()
        gate.leave(latency: .milliseconds(5), outcome: .overloaded)
        #expect(gate.current == 11, "16 × 0.7")
        #expect(gate.peak == 1, "one request was ever in flight")
    }

    /// A phase after clean listings may send 64 at once; a phase of three sends three, and the
    /// statistics say three.
    @Test func thePeakIsWhatWasInFlightNotTheLimit() async {
        let gate = ConcurrencyGate()
        gate.reprobe()
        #expect(gate.current == 64)
        for _ in 0..<3 { await gate.enter() }
        for _ in 0..<3 { gate.leave(latency: .milliseconds(5), outcome: .answered) }
        #expect(gate.peak == 3)
    }
}
