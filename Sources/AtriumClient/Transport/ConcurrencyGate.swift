import Synchronization

/// Holds requests back to a `ConcurrencyLimit`: `enter` waits while the limit is reached,
/// `leave` reports the answer and lets waiting requests in, oldest first. Its state is behind a
/// lock, not an actor: every request passes it twice, and an actor's hops would cost each
/// request four task switches.
final class ConcurrencyGate: Sendable {
    private struct State: ~Copyable {
        var limit = ConcurrencyLimit()
        var inFlight = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
        /// The most requests that were in flight at once, for --stats (the limit itself may
        /// stand higher than a phase of a few requests ever fills).
        var peak = 0

        /// Takes a place when one is free and nobody waits before this request.
        mutating func admit() -> Bool {
            guard inFlight < limit.current, waiting.isEmpty else { return false }
            take()
            return true
        }

        mutating func take() {
            inFlight += 1
            peak = max(peak, inFlight)
        }
    }

    private let state = Mutex(State())
    private let clock = ContinuousClock()
    private let started = ContinuousClock.now

    func enter() async {
        if state.withLock({ $0.admit() }) { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // Checked again under the lock: a place may have come free since.
            let admitted = state.withLock { state in
                if state.admit() { return true }
                state.waiting.append(continuation)
                return false
            }
            if admitted { continuation.resume() }
        }
    }

    func leave(latency: Duration, outcome: ConcurrencyLimit.Outcome) {
        let now = clock.now - started
        let admitted = state.withLock { state in
            state.limit.record(latency: latency, outcome: outcome, inFlight: state.inFlight, now: now)
            state.inFlight -= 1
            var admitted: [CheckedContinuation<Void, Never>] = []
            while state.inFlight < state.limit.current, !state.waiting.isEmpty {
                state.take()
                admitted.append(state.waiting.removeFirst())
            }
            return admitted
        }
        // Resumed outside the lock: each resumption schedules its task.
        for continuation in admitted { continuation.resume() }
    }

    var current: Int { state.withLock { $0.limit.current } }
    var peak: Int { state.withLock { $0.peak } }

    /// See `ConcurrencyLimit.reprobe`.
    func reprobe() {
        let now = clock.now - started
        state.withLock { $0.limit.reprobe(at: now) }
    }
}
