import Foundation
import Synchronization

/// Keeps requests under the server's rate limit: at most `rate` a second when one is set
/// (`--rate N/min`); otherwise unpaced until the first 429, from which it learns the limit (the
/// requests of the last minute) and paces to a little under it. A `Retry-After` pauses every
/// request until then. How long requests waited is reported by `--stats`.
/// Its state is behind a lock, not an actor: every request asks it, and an actor's hop there
/// and back would cost each request two task switches.
final class RequestPacer: Sendable {
    private struct State {
        var interval: Duration?
        var nextSlot = ContinuousClock.now
        var pausedUntil = ContinuousClock.now
        /// When the last `RequestPacer.remembered` requests went, oldest first from `oldest`.
        var sent: [ContinuousClock.Instant] = []
        var oldest = 0
        var waited: Duration = .zero
        /// The last 429; how many pauses' worth of 429s came with no other answer between them,
        /// and when that count last grew.
        var lastRefusal = ContinuousClock.now
        var refusedInARow = 0
        var lastDoubling = ContinuousClock.now

        mutating func remember(_ instant: ContinuousClock.Instant) {
            if sent.count < RequestPacer.remembered {
                sent.append(instant)
            } else {
                sent[oldest] = instant
                oldest = (oldest + 1) % sent.count
            }
        }
    }

    private let state: Mutex<State>

    init(perMinute: Int?) {
        state = Mutex(State(interval: perMinute.map { .seconds(60) / max($0, 1) }))
    }

    /// The pace, once set or learnt.
    var interval: Duration? { state.withLock { $0.interval } }
    /// Until when every request waits (a `Retry-After`, or the backoff of refusals in a row).
    var pausedUntil: ContinuousClock.Instant { state.withLock { $0.pausedUntil } }
    /// How long requests waited, added up.
    var waited: Duration { state.withLock { $0.waited } }

    /// How many requests' times are kept to learn a limit from (a minute's worth at most).
    static let remembered = 4096

    /// Waits until this request may go.
    func permit() async throws {
        let now = ContinuousClock.now
        let start = state.withLock { state in
            var start = max(now, state.pausedUntil)
            if let interval = state.interval {
                start = max(start, state.nextSlot)
                state.nextSlot = start + interval
            }
            state.remember(start)
            if start > now { state.waited += start - now }
            return start
        }
        guard start > now else { return }
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
        state.withLock { state in
            if lastAnswer > state.lastRefusal {
                state.refusedInARow = 1
                state.lastDoubling = now
            } else if state.refusedInARow == 0 || now - state.lastDoubling >= Self.backoff(after: state.refusedInARow) {
                // Refused again once the last pause has passed. Refusals within one pause are one:
                // a burst of 64 refused together does not stretch the pause to its longest.
                state.refusedInARow += 1
                state.lastDoubling = now
            }
            state.lastRefusal = now
            let backoff = Self.backoff(after: state.refusedInARow)
            let pause = max(retryAfter ?? .seconds(1), backoff)
            state.pausedUntil = max(state.pausedUntil, now + pause)
            state.nextSlot = max(state.nextSlot, state.pausedUntil)
            guard retryAfter ?? .seconds(1) >= Self.shortestToLearnFrom else { return }
            let recent = state.sent.filter { now - $0 < .seconds(60) }.count
            guard recent >= Self.fewestToLearnFrom else { return }
            let learned: Duration = .seconds(60) / (recent - recent / 10)
            state.interval = max(state.interval ?? .zero, learned)
        }
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
