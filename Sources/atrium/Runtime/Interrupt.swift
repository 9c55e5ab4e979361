import AtriumClient
import AtriumCore
import Dispatch
import Foundation
import Synchronization

/// Ctrl-C during an apply: the first stops new work and lets running requests finish; the
/// second exits at once.
final class Interrupt {
    private let source: any DispatchSourceSignal

    /// How many Ctrl-Cs arrived; shared with the signal handler.
    private final class Presses: Sendable {
        let count = Atomic<Int>(0)
    }

    private init(source: any DispatchSourceSignal) { self.source = source }

    static func install(_ stop: StopFlag) -> Interrupt {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue(label: "atrium.interrupt"))
        let presses = Presses()
        source.setEventHandler {
            if presses.count.add(1, ordering: .relaxed).newValue > 1 { exit(130) }
            Terminal.standardError("\nstopping: no new changes will start (Ctrl-C again to quit at once)")
            stop.stop()
        }
        source.resume()
        return Interrupt(source: source)
    }

    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
