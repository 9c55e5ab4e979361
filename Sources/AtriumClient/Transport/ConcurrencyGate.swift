/// Holds requests back to a `ConcurrencyLimit`: `enter` waits while the limit is reached,
/// `leave` reports the answer and lets waiting requests in, oldest first.
actor ConcurrencyGate {
    private var limit = ConcurrencyLimit()
    private let clock = ContinuousClock()
    private let started = ContinuousClock.now
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// The highest limit reached, for --stats.
    private(set) var peak = ConcurrencyLimit.initial

    func enter() async {
        if inFlight < limit.current, waiting.isEmpty {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave(latency: Duration, outcome: ConcurrencyLimit.Outcome) {
        limit.record(latency: latency, outcome: outcome, inFlight: inFlight, now: clock.now - started)
        peak = max(peak, limit.current)
        inFlight -= 1
        while inFlight < limit.current, !waiting.isEmpty {
            inFlight += 1
            waiting.removeFirst().resume()
        }
    }

    var current: Int { limit.current }

    /// See `ConcurrencyLimit.reprobe`.
    func reprobe() { limit.reprobe(at: clock.now - started) }
}
