/// What wakes the controller's loop: the start, the interval's timer, or a webhook. While a
/// cycle runs, one wake-up is kept, so a push during a cycle is reconciled right after it.
final class Wakeup: Sendable {
    enum Reason: Sendable, CustomStringConvertible {
        case start
        case timer
        case hook(String)

        var description: String {
            switch self {
            case .start: return "start"
            case .timer: return "interval"
            case .hook(let source): return "\(source) webhook"
            }
        }
    }

    let reasons: AsyncStream<Reason>
    private let continuation: AsyncStream<Reason>.Continuation

    init() {
        (reasons, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func wake(_ reason: Reason) {
        continuation.yield(reason)
    }

    /// Ends the loop (graceful shutdown): nothing more is started.
    func finish() {
        continuation.finish()
    }
}
