import Dispatch
import Foundation

/// Bounds how long `atrium serve` takes to stop. SIGTERM or SIGINT starts the graceful shutdown
/// (requests in flight finish, connections close, the database closes); a server still running
/// `grace` later says so in one line and exits. The time is kept on a queue of its own, not on
/// Swift's cooperative pool, so that a request that never ends, or a pool whose threads are all
/// blocked, cannot keep the process alive: a supervisor's stop always ends it.
final class ShutdownDeadline {
    private let sources: [any DispatchSourceSignal]

    private init(sources: [any DispatchSourceSignal]) { self.sources = sources }

    static func arm(grace: Duration) -> ShutdownDeadline {
        let queue = DispatchQueue(label: "atrium.shutdown-deadline")
        let seconds = Double(grace.components.seconds) + Double(grace.components.attoseconds) / 1e18
        let sources = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            // Ignored, as the service group's own handlers ignore them: the sources see them.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                queue.asyncAfter(deadline: .now() + seconds) {
                    Terminal.standardError(
                        "atrium serve: still stopping \(Int(seconds)) s after the signal (a request in flight did "
                            + "not end); exiting now (--shutdown-timeout)")
                    // At once: the pool that would run exit handlers may be what is stuck. The
                    // database is consistent; every write that was answered is committed.
                    _exit(0)
                }
            }
            source.resume()
            return source
        }
        return ShutdownDeadline(sources: sources)
    }
}
