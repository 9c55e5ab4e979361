import AtriumCore

/// How many requests may be in flight, adapted to what the server shows (`--parallelism auto`).
/// Starts at 16 (a live read's listings, about a dozen pages after the first, go out in one round
/// trip) and stays between 1 and 64. Pure: the caller measures and reports each answer.
///
/// It probes, round by round (a round is `limit` answers): while the limit is what holds requests
/// back and the last step up raised throughput by 5% or more, it steps up again (doubling every
/// round at first, as TCP's slow start doubles every round trip; then +25%, each step followed by
/// a round that settles and is not judged); when a step up did not pay (on a busy 2-core machine more
/// requests in flight only queue), it steps back to the best limit seen and holds there for 16
/// rounds before probing again. The server's push-back (429, 5xx, timeouts) cuts the limit to
/// 70%, and a sudden queue (the recent latency three times the long-run one, and above 20 ms) to
/// 90%, at most once a round. Only rounds the limit held back are judged.
///
/// The listings are the probe: a phase of independent requests after them (the per-workspace
/// reads, the apply) starts at 64 when the server has not pushed back or queued so far, since each
/// doubling from 16 costs a round trip and on a remote server those are most of the time; after
/// push-back it probes afresh from where the limit stands (`reprobe`).
package struct ConcurrencyLimit: Sendable {
    package static let initial = 16
    package static let maximum = 64
    package static let minimum = 1

    package enum Outcome: Sendable {
        /// Answered, whatever the status, except as below.
        case answered
        /// 429, 502, 503, 504, a timeout or a refused connection: the server is overloaded.
        case overloaded
    }

    package private(set) var current = initial
    private var slowStart = true
    /// The long-run and the recent latency, smoothed slowly and quickly.
    private var baseline: Duration?
    private var recent: Duration?
    // The round under way: when it started, its answers, whether the limit held requests back.
    private var roundStart: Duration?
    private var roundAnswers = 0
    private var roundBound = false
    /// The best throughput seen (answers a second) and the limit that gave it.
    private var best: (throughput: Double, limit: Int)?
    private var holdRounds = 0
    private var decreasedThisRound = false
    /// The round after a change is not judged: its answers were mostly sent under the old limit.
    private var settling = false
    /// Whether the server has pushed back (429, 5xx, a timeout) or queued since the start.
    private var pushedBack = false

    package init() {}

    /// Records one answer that took `latency`, received at `now` (time since any fixed start)
    /// while `inFlight` requests (this one included) were out.
    package mutating func record(latency: Duration, outcome: Outcome, inFlight: Int, now: Duration) {
        if roundStart == nil { roundStart = now }
        roundAnswers += 1
        roundBound = roundBound || inFlight >= current
        if outcome == .overloaded {
            decrease(to: Double(current) * 0.7)
        } else {
            baseline = baseline.map { $0 * 0.99 + latency * 0.01 } ?? latency
            recent = recent.map { $0 * 0.8 + latency * 0.2 } ?? latency
            // Loopback latencies of a few milliseconds jitter by more than 3× on a busy machine:
            // only a queue that costs real time counts.
            if let baseline, let recent, recent > baseline * 3, recent > .milliseconds(20) {
                decrease(to: Double(current) * 0.9)
            }
        }
        if roundAnswers >= current, let start = roundStart { endRound(elapsed: now - start, at: now) }
    }

    private mutating func endRound(elapsed: Duration, at now: Duration) {
        let throughput = Double(roundAnswers) / max(elapsed.inSeconds, 1e-6)
        let bound = roundBound
        let decreased = decreasedThisRound
        (roundStart, roundAnswers, roundBound, decreasedThisRound) = (now, 0, false, false)
        guard !decreased else { return }
        if settling {
            settling = false
            return
        }
        if holdRounds > 0 {
            holdRounds -= 1
            return
        }
        // A round the limit did not hold back (requests that wait on each other's answers, as a
        // live read's listings do) says nothing of what more in flight would do: not judged.
        guard bound else { return }
        if let best, throughput < best.throughput * 1.05, current > best.limit {
            // The step up did not pay: back to the best limit, and hold.
            self.best = (max(throughput, best.throughput), best.limit)
            current = best.limit
            slowStart = false
            holdRounds = 16
            return
        }
        if throughput > best?.throughput ?? 0 { best = (throughput, current) }
        guard current < Self.maximum else { return }
        current = min(Self.maximum, slowStart ? current * 2 : max(current + 1, current * 5 / 4))
        // Slow start judges every round, as TCP's doubles every round trip: on a remote server
        // each settling round costs one, and a doubling that did not pay is undone at once.
        settling = !slowStart
    }

    /// A new phase of work (the per-workspace reads, the apply) begins at `now`, judged by its
    /// own answers only. A live read's listings wait on each other and their pages differ in
    /// weight; what they showed says little of how the phase will fare, except whether the server
    /// pushed back: if it never did, the phase starts at the maximum; if it did, it probes again
    /// from the current limit, in slow start. The phase's first round runs from `now`, when its
    /// first requests go out together: timed from its first answer, a burst answered at once
    /// would look as fast as the spread of its answers.
    package mutating func reprobe(at now: Duration) {
        if !pushedBack { current = Self.maximum }
        slowStart = true
        (baseline, recent, best, holdRounds, settling) = (nil, nil, nil, 0, false)
        (roundStart, roundAnswers, roundBound, decreasedThisRound) = (now, 0, false, false)
    }

    private mutating func decrease(to value: Double) {
        pushedBack = true
        guard !decreasedThisRound else { return }
        decreasedThisRound = true
        slowStart = false
        current = max(Self.minimum, Int(value.rounded(.down)))
        settling = true
        best = nil
        holdRounds = 0
        // Latency measured at the old load is no baseline for the new one.
        recent = baseline
    }
}

/// `--parallelism`: adaptive (`auto`, the default) or a fixed number of requests in flight.
package enum Parallelism: Sendable, Equatable, CustomStringConvertible {
    case auto
    case fixed(Int)

    /// `auto` or a number of 1 or more.
    package init?(_ text: String) {
        if text == "auto" {
            self = .auto
        } else if let count = Int(text), count >= 1 {
            self = .fixed(count)
        } else {
            return nil
        }
    }

    /// How many units may run at once (with `auto`, the client's limit holds them back).
    package var taskLimit: Int {
        switch self {
        case .auto: return ConcurrencyLimit.maximum
        case .fixed(let count): return count
        }
    }

    package var description: String {
        switch self {
        case .auto: return "auto"
        case .fixed(let count): return "\(count)"
        }
    }
}
