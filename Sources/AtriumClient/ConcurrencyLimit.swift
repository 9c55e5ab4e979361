/// How many requests may be in flight, adapted to what the server shows (`--parallelism auto`):
/// it grows while answers come back as fast as before and the limit is what holds requests back,
/// and shrinks when the server pushes back (429, 5xx, timeouts) or its latency doubles. Starts
/// at 8; stays between 1 and 64. Pure: the caller measures and reports.
///
/// TCP's scheme on requests: slow start (+1 per answer, doubling per round) until the first
/// sign of overload, then additive increase (+1 per round of `limit` answers) and multiplicative
/// decrease (×0.7 on push-back, ×0.9 on latency), at most one decrease per round.
public struct ConcurrencyLimit: Sendable {
    public static let initial = 8
    public static let maximum = 64
    public static let minimum = 1

    public enum Outcome: Sendable {
        /// Answered, whatever the status, except as below.
        case answered
        /// 429, 502, 503, 504, a timeout or a refused connection: the server is overloaded.
        case overloaded
    }

    public private(set) var limit = Double(initial)
    /// The lowest latency seen: what an unloaded server answers in.
    private var baseline: Duration?
    /// The recent latency, smoothed.
    private var recent: Duration?
    private var slowStart = true
    private var sinceDecrease = ConcurrencyLimit.maximum

    public init() {}

    /// The whole number of requests allowed in flight.
    public var current: Int { Int(limit) }

    /// Records one answer that took `latency`, received while `inFlight` requests (this one
    /// included) were out.
    public mutating func record(latency: Duration, outcome: Outcome, inFlight: Int) {
        sinceDecrease += 1
        guard outcome == .answered else {
            decrease(by: 0.7)
            return
        }
        baseline = min(baseline ?? latency, latency)
        recent = recent.map { $0 * 0.9 + latency * 0.1 } ?? latency
        if let baseline, let recent, recent > baseline * 2, recent > .milliseconds(1) {
            decrease(by: 0.9)
            return
        }
        // Grow only when the limit is what holds requests back.
        guard inFlight >= current else { return }
        limit = min(Double(Self.maximum), limit + (slowStart ? 1 : 1 / limit))
    }

    private mutating func decrease(by factor: Double) {
        guard sinceDecrease >= current else { return }
        slowStart = false
        sinceDecrease = 0
        limit = max(Double(Self.minimum), (limit * factor).rounded(.down))
        // Latency measured at the old load is no baseline for the new one.
        recent = baseline
    }
}

/// `--parallelism`: adaptive (`auto`, the default) or a fixed number of requests in flight.
public enum Parallelism: Sendable, Equatable, CustomStringConvertible {
    case auto
    case fixed(Int)

    /// `auto` or a number of 1 or more.
    public init?(_ text: String) {
        if text == "auto" {
            self = .auto
        } else if let count = Int(text), count >= 1 {
            self = .fixed(count)
        } else {
            return nil
        }
    }

    /// How many units may run at once (with `auto`, the client's limit holds them back).
    public var taskLimit: Int {
        switch self {
        case .auto: return ConcurrencyLimit.maximum
        case .fixed(let count): return count
        }
    }

    public var description: String {
        switch self {
        case .auto: return "auto"
        case .fixed(let count): return "\(count)"
        }
    }
}
